#!/usr/bin/env bash
# Sharded release on a Slurm cluster. INPUT and OUT must be on a filesystem every node
# sees (NFS, Lustre, GPFS, or an s3fs mount). Submit with:
#
#   jobid=$(sbatch --parsable examples/slurm.sh)
#   sbatch --dependency=afterok:$jobid --wrap \
#       "kroniek merge $OUT/.parts-v$VERSION --out $OUT --version $VERSION"
#
# Each array task reads its index from SLURM_ARRAY_TASK_ID (`--shard 8` gives only N).
# A failed task can be resubmitted alone (`sbatch --array=3 examples/slurm.sh`): a
# retried shard replaces its earlier attempt, and the merge refuses to run until all
# 8 shards are complete.
#SBATCH --job-name=kroniek-shard
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=01:00:00
set -euo pipefail
INPUT=${INPUT:-/shared/articles}
OUT=${OUT:-/shared/releases}
VERSION=${VERSION:?set VERSION=X.Y.Z}
SHARDS=8 # must equal the size of --array above
kroniek release --input "$INPUT" --out "$OUT" --version "$VERSION" \
    --threads "${SLURM_CPUS_PER_TASK:-1}" --shard "$SHARDS"

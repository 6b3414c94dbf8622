#!/usr/bin/env bash
# Sharded release on one machine: N shards in parallel with `xargs -P`, then the merge.
# The result is byte-identical to `kroniek release --input INPUT --out OUT --version VERSION`.
#
# Usage: examples/local.sh INPUT OUT VERSION [SHARDS]
# Set KRONIEK to the binary (default: `kroniek` on PATH).
set -euo pipefail
input=$1 out=$2 version=$3 shards=${4:-4}
kroniek=${KRONIEK:-kroniek}
# One thread per shard: the shards are the parallelism.
seq 0 $((shards - 1)) | xargs -P "$shards" -I{} \
    "$kroniek" release --input "$input" --out "$out" --version "$version" \
    --threads 1 --shard "{}/$shards"
"$kroniek" merge "$out/.parts-v$version" --out "$out" --version "$version"

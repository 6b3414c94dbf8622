#!/usr/bin/env bash
# `make bench`: end-to-end and per-stage throughput of kroniek, and the sentence-splitting
# peers on the same text. Corpora are generated deterministically under target/bench/.
#
#   SIZES="100 1000"   corpus sizes in MB for the end-to-end runs (default: 100 1000)
#   PEERS=0            skip the sentence-splitting peers (by default they are installed into
#                      target/bench/peers from PyPI and timed beside kroniek's segmenter;
#                      ucto runs when the Debian package is installed)
#   PEER_MB=2          how much text the segmenters split
#   BENCH=DIR          where corpora and outputs go (default: target/bench)
#
# Wall time depends on what else runs on the machine; CPU seconds (user + system) and
# the load average before each run are printed beside it for that reason. Each corpus is
# read once before its run (warm page cache). All sizes are in MB of 10^6 bytes, peak RSS
# too (time -v reports KiB).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 1000"}
BENCH=${BENCH:-target/bench}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$BENCH"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_corpus
KRONIEK=$TARGET/release/kroniek
GEN=$TARGET/release/examples/gen_corpus

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
printf '%-10s %10s %10s %12s %10s %14s %12s %8s\n' corpus "input MB" seconds "MB/s" "CPU s" "peak RSS MB" "output MB" load
declare -A SECONDS_OF CPU_OF
# release_run SIZE LABEL: one end-to-end run and its line of the table; its wall and CPU
# seconds go into SECONDS_OF[LABEL] and CPU_OF[LABEL].
release_run() {
  local size=$1 label=$2
  local corpus="$BENCH/corpus-$size" out="$BENCH/out-$size"
  [ -d "$corpus" ] || "$GEN" "$corpus" "$size" 2>/dev/null
  rm -rf "$out"
  # Read the corpus once first, so that every run starts with its input in the page cache
  # and the sizes compare processing, not how much of each corpus the disk still held.
  find "$corpus" -type f -print0 | xargs -0 cat > /dev/null
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$BENCH/time-$size.txt" "$KRONIEK" release --input "$corpus" --out "$out" --version 0.0.1 2>/dev/null
  local input_mb secs rss cpu out_mb
  input_mb=$(du -sbL --apparent-size "$corpus" | awk '{printf "%.1f", $1/1e6}')
  secs=$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$BENCH/time-$size.txt")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2*1024/1e6}' "$BENCH/time-$size.txt")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$BENCH/time-$size.txt")
  out_mb=$(du -sb "$out" | awk '{printf "%.1f", $1/1e6}')
  SECONDS_OF[$label]=$secs
  CPU_OF[$label]=$cpu
  printf '%-10s %10s %10s %12.1f %10s %14s %12s %8s\n' "$label" "$input_mb" "$secs" "$(echo "$input_mb / $secs" | bc -l)" "$cpu" "$rss" "$out_mb" "$load"
  [ "$size" = "$(echo "$SIZES" | tr ' ' '\n' | sort -n | head -1)" ] || rm -rf "$out"
}
for size in $SIZES; do
  release_run "$size" "$size MB"
done
if [ -n "${SECONDS_OF[100 MB]:-}" ] && [ -n "${SECONDS_OF[1000 MB]:-}" ]; then
  # This VM's speed drifts by tens of percent within minutes: the 100 MB run again, right
  # after the 1 GB one, brackets the ratio.
  release_run 100 "100 again"
  ratio() { echo "${SECONDS_OF[1000 MB]} / ${SECONDS_OF[$1]}" | bc -l; }
  cpu_ratio() { echo "${CPU_OF[1000 MB]} / ${CPU_OF[$1]}" | bc -l; }
  printf '\n1 GB run / 100 MB run (goal ≤ 11×): %.1f× wall time against the 100 MB run before it, %.1f× against the one after it; CPU time %.1f× and %.1f×\n' \
    "$(ratio "100 MB")" "$(ratio "100 again")" "$(cpu_ratio "100 MB")" "$(cpu_ratio "100 again")"
fi

smallest=$(echo "$SIZES" | tr ' ' '\n' | sort -n | head -1)

# kroniek diff on two releases of the smallest corpus that differ in the date layer
# (news mode against future mode).
other="$BENCH/out-$smallest-future"
rm -rf "$other"
"$KRONIEK" release --input "$BENCH/corpus-$smallest" --out "$other" --version 0.0.1 --temporal-mode future 2>/dev/null
/usr/bin/time -v -o "$BENCH/time-diff.txt" "$KRONIEK" diff "$BENCH/out-$smallest/v0.0.1" "$other/v0.0.1" > "$BENCH/diff.txt" || true
printf '\nkroniek diff of two %s MB releases (news vs future mode): %s s, peak RSS %s MB; %s\n' "$smallest" \
  "$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$BENCH/time-diff.txt")" \
  "$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2*1024/1e6}' "$BENCH/time-diff.txt")" \
  "$(head -1 "$BENCH/diff.txt")"
rm -rf "$other" "$BENCH/out-$smallest"

echo
echo "per stage, one thread (cargo bench --bench stages):"
cargo bench --locked --quiet --bench stages -- "$BENCH/corpus-$smallest" 50 2>/dev/null

if [ "${PEERS:-1}" = 1 ]; then
  echo
  echo "sentence splitting on the same paragraphs (first ${PEER_MB:-2} MB of corpus-$smallest), one process each:"
  printf '%-28s %13s  %17s %14s\n' segmenter "throughput" "sentences" "peak RSS MB"
  segmenters=$(cargo bench --locked --bench segmenters --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))/\1/p' | tail -1)
  python3 -m venv "$BENCH/peers"
  "$BENCH/peers/bin/pip" install --quiet pysbd sentencex blingfire spacy
  timed_peer() { # LABEL COMMAND...: one line of the peers table, with the command's peak RSS
    local line
    line=$(/usr/bin/time -v -o "$BENCH/time-peer.txt" "$@" 2>/dev/null | tail -1) || true
    printf '%s %14s\n' "${line:-$1 failed}" "$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2*1024/1e6}' "$BENCH/time-peer.txt")"
  }
  for which in kroniek sentencex; do
    timed_peer "$segmenters" "$BENCH/corpus-$smallest" "${PEER_MB:-2}" "$which"
  done
  for peer in sentencex blingfire spacy pysbd ucto; do
    timed_peer "$BENCH/peers/bin/python" benches/peers_segment.py "$BENCH/corpus-$smallest" "${PEER_MB:-2}" "$peer"
  done
  echo "accuracy on ../shared/peer-suites/segmentation/nl-golden.json: cargo test --release --test segmentation_suite -- --nocapture"
fi

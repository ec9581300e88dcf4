#!/usr/bin/env bash
# tl predict's throughput against tl extract's on the same folder (issue 16, acceptance 4: predict within 80 % of
# extract's images/s). Both commands decode every image and run the base over it in batches of 32; predict adds the
# head and writes a CSV, extract writes a .npy. Per backend: one model trained untimed (MobileNetV2 alpha 1.0 @160,
# weights = none — the values do not change the time — 1 epoch), then BENCH_RUNS alternating timed runs of
#   ./tl extract CONF --images DATA --out features.npy       and      ./tl predict MODEL DATA --out preds.csv
# each a fresh JVM as a user runs it (start-up included in both). Prints the median images/s of each and the ratio.
#
# Data: SEED_IMAGES synthetic JPEGs of about 500x375 in 5 class folders (bench/make_seed_images.py, shared with
# bench/seed-workflow.sh, into build/bench-data; not committed).
#
# usage: bench/predict-vs-extract.sh
# env:   BENCH_THREADS (2), SEED_IMAGES (1000), BENCH_RUNS (3), BENCH_BACKENDS ("tensorflow djl"),
#        PYTHON (/usr/bin/python3, with numpy and pillow)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
threads=${BENCH_THREADS:-2}
images=${SEED_IMAGES:-1000}
runs=${BENCH_RUNS:-3}
python=${PYTHON:-/usr/bin/python3}
out=$root/build/bench-data
data=$out/seed-$images
work=$out/predict-vs-extract
export TF_CPP_MIN_LOG_LEVEL=2
unset TL_DAEMON

if [ ! -d "$data" ]; then
  echo "# writing $images synthetic JPEGs to $data" >&2
  "$python" bench/make_seed_images.py "$data.tmp" "$images" 5 || exit 1
  mv "$data.tmp" "$data"
fi
rm -rf "$work" && mkdir -p "$work"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds() { /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" \
  || { cat "$work/stderr.txt" >&2; exit 1; }; cat "$work/time.txt"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $images images" >&2
echo "| backend | tl extract images/s | tl predict images/s | predict / extract |"
echo "|---|---:|---:|---:|"
for backend in ${BENCH_BACKENDS:-tensorflow djl}; do
  conf=$work/$backend.conf
  cat > "$conf" <<CONF
tl4j {
  seed = 42
  backbone { id = mobilenet_v2, alpha = 1.0, input-size = [160, 160], weights = none }
  head { id = linear }
  freezer.id = all
  backend { id = $backend, device = cpu, threads = $threads }
  data { train = "$data", validation-split = 0.2, batch-size = 32, cache.mode = none }
  trainer { id = feature-extraction, epochs = 1 }
  output.dir = "$work/runs-$backend"
}
CONF
  ./tl --quiet train "$conf" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
  model=$(ls -d "$work/runs-$backend"/*/model | head -n 1)
  : > "$work/extract.txt"; : > "$work/predict.txt"
  for ((i = 0; i < runs; i++)); do
    seconds ./tl --quiet extract "$conf" --images "$data" --out "$work/features.npy" >> "$work/extract.txt"
    rm -f "$work/preds.csv"
    seconds ./tl --quiet predict "$model" "$data" --out "$work/preds.csv" >> "$work/predict.txt"
    test "$(wc -l < "$work/preds.csv")" -eq $((images + 1)) || { echo "predict did not write $images rows" >&2; exit 1; }
  done
  e=$(median < "$work/extract.txt"); p=$(median < "$work/predict.txt")
  echo "# $backend: extract $(tr '\n' ' ' < "$work/extract.txt")s, predict $(tr '\n' ' ' < "$work/predict.txt")s" >&2
  awk -v b="$backend" -v n="$images" -v e="$e" -v p="$p" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.2f |\n", b, n / e, n / p, e / p }'
done

#!/usr/bin/env bash
# Feature-extraction benchmark of one tl4j backend with PyTorch as the peer, measured side by side in one run:
# images/s at batch 32 and latency at batch 1 (medians after warm-up) and peak RSS, for MobileNetV2@160,
# ResNet50@224 and VGG16@224, each measurement in its own process. Prints a Markdown table for docs/PERFORMANCE.md.
#
# usage: bench/run.sh [BACKEND]          BACKEND = tensorflow (default), djl, or any tl-backend-* module
# env:   BENCH_THREADS (2), BENCH_BATCHES (7), BENCH_LATENCY_RUNS (20), PYTHON (/usr/bin/python3 with torch),
#        MVN_ARGS (extra Maven arguments), BENCH_SKIP_PEER=1 (tl4j only)
set -euo pipefail
backend=${1:-tensorflow}
cd "$(dirname "$0")/.."
source bench/classpath.sh
bench_classpath "$backend"

threads=${BENCH_THREADS:-2}
batches=${BENCH_BATCHES:-7}
latency_runs=${BENCH_LATENCY_RUNS:-20}
python=${PYTHON:-/usr/bin/python3}
results=$(mktemp)
export TF_CPP_MIN_LOG_LEVEL=2

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
for spec in "mobilenet_v2 160" "resnet50 224" "vgg16 224"; do
  set -- $spec
  java -Xmx2g -Dbench.threads="$threads" -Dbench.batches="$batches" -Dbench.latencyRuns="$latency_runs" \
    -cp "$BENCH_CP" bench/Bench.java features "$backend" "$1" "$2" | grep '^RESULT' | tee -a "$results" >&2
  if [ -z "${BENCH_SKIP_PEER:-}" ]; then
    env MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 OMP_NUM_THREADS="$threads" BENCH_THREADS="$threads" \
      BENCH_BATCHES="$batches" BENCH_LATENCY_RUNS="$latency_runs" \
      "$python" bench/torch_peer.py "$1" "$2" | grep '^RESULT' | tee -a "$results" >&2
  fi
done

# RESULT lines → one Markdown row per backbone, with the ratio tl4j / PyTorch in images/s
awk -v backend="$backend" '
  { delete kv; for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
    key = kv["backbone"] "@" kv["size"]; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    side = kv["backend"] == "pytorch" ? "pt" : "tl"
    ips[key, side] = kv["images_per_s"]; lat[key, side] = kv["latency_ms"]; rss[key, side] = kv["peak_rss_mb"] }
  END {
    print "| backbone | tl4j (" backend ") img/s, batch 32 | PyTorch img/s | ratio | tl4j latency, batch 1 | PyTorch latency | tl4j peak RSS | PyTorch peak RSS |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { k = order[i]
      ratio = ips[k, "pt"] > 0 ? sprintf("%.2f", ips[k, "tl"] / ips[k, "pt"]) : "–"
      printf "| %s | %s | %s | %s | %s ms | %s ms | %s MB | %s MB |\n", k, ips[k, "tl"], ips[k, "pt"], ratio,
        lat[k, "tl"], lat[k, "pt"], rss[k, "tl"], rss[k, "pt"] } }' "$results"
rm -f "$results"

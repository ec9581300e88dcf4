#!/usr/bin/env bash
# The overhead of the djl backend (DJL + tl4j's tensors) over a raw ONNX Runtime session on the same ONNX model, for
# MobileNetV2@160, ResNet50@224 and VGG16@224, each in its own process. Prints a Markdown table for
# docs/PERFORMANCE.md.
#
# usage: bench/djl-overhead.sh
# env:   BENCH_THREADS (2), BENCH_BATCHES (7), BENCH_NO_BUILD=1 (use the jars installed in ~/.m2), MVN_ARGS
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
bench_classpath djl
results=$(mktemp)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
for spec in "mobilenet_v2 160" "resnet50 224" "vgg16 224"; do
  set -- $spec
  java -Xmx3g -Dbench.threads="${BENCH_THREADS:-2}" -Dbench.batches="${BENCH_BATCHES:-7}" -cp "$BENCH_CP" \
    bench/DjlOverhead.java "$1" "$2" | grep '^RESULT' | tee -a "$results" >&2
done
awk '
  BEGIN { print "| backbone | djl backend img/s, batch 32 | raw OrtSession img/s | DJL overhead |"; print "|---|---:|---:|---:|" }
  { delete kv; for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
    printf "| %s@%s | %s | %s | %s %% |\n", kv["backbone"], kv["size"], kv["djl_images_per_s"], kv["raw_ort_images_per_s"],
      kv["djl_overhead_pct"] }' "$results"
rm -f "$results"

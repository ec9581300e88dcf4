#!/usr/bin/env bash
# On a GPU machine: builds with the gpu Maven profile (TensorFlow's linux-x86_64-gpu natives, which need the NVIDIA
# driver and CUDA 12 / cuDNN 9 libraries of TensorFlow 2.18), then for MobileNetV2@160, ResNet50@224 and VGG16@224
# checks that features computed on the GPU match the CPU's (max|diff| <= 1e-3 x max|cpu|) and prints images/s at
# batch 32 on both. Exits non-zero when a check fails or no GPU is visible.
#
# usage: bench/gpu-check.sh [BACKEND]    BACKEND = tensorflow (default) or djl
# env:   BENCH_THREADS (CPU threads, 0 = all cores; default 0), BENCH_BATCHES (7), MVN_ARGS (extra Maven arguments)
set -euo pipefail
backend=${1:-tensorflow}
cd "$(dirname "$0")/.."
nvidia-smi -L || echo "warning: nvidia-smi found no GPU" >&2
MVN_ARGS="-Pgpu ${MVN_ARGS:-}"
source bench/classpath.sh
bench_classpath "$backend"
export TF_CPP_MIN_LOG_LEVEL=2
status=0
for spec in "mobilenet_v2 160" "resnet50 224" "vgg16 224"; do
  set -- $spec
  java -Xmx4g -Dbench.threads="${BENCH_THREADS:-0}" -Dbench.batches="${BENCH_BATCHES:-7}" -cp "$BENCH_CP" \
    bench/Bench.java gpu-check "$backend" "$1" "$2" | grep '^RESULT' || status=1
done
exit $status

#!/usr/bin/env bash
# make-fashion2-backbone.sh — remakes the quickstart's bundled backbone,
# data/fashion2/mobilenet_v2_0.35_32_fashion8.safetensors, with tl4j itself:
#
#   1. writes the pretraining images into build/fashion8 with scripts/fashion_mnist_to_png.py: the eight
#      Fashion-MNIST classes other than t-shirt (0) and shirt (6), 6000 training images per class from the training
#      set and 500 validation images per class from the test set (Debian package dataset-fashion-mnist, MIT licence);
#   2. trains MobileNetV2 alpha 0.35 at 32x32 on them from scratch: ./tl train config/pretrain-fashion8.conf
#      (weights = none, freezer none, trainer.batchnorm = train; about 12-20 minutes on 2 CPU cores);
#   3. writes the trained base's weights (the mobilenet_v2 layers only, not the 8-class head) out of the run's model
#      bundle: ./tl weights export-base RUN_DIR data/fashion2/mobilenet_v2_0.35_32_fashion8.safetensors
#
# The quickstart (config/fashion2.conf) then trains a new head on t-shirt vs shirt, two classes the base has never
# seen. Usage, from anywhere:
#
#   scripts/make-fashion2-backbone.sh [--set KEY=VALUE ...]     # extra settings go to `tl train`
#
# Environment: FASHION_MNIST (default /usr/share/datasets/fashion-mnist), TRAIN_PER_CLASS (6000), VAL_PER_CLASS (500),
# OUT (the file to write; default the bundled one). A quick dry run of the whole pipeline:
#   TRAIN_PER_CLASS=50 VAL_PER_CLASS=10 OUT=/tmp/b.safetensors scripts/make-fashion2-backbone.sh --set trainer.epochs=1
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SRC="${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
DATA=build/fashion8
OUT="${OUT:-data/fashion2/mobilenet_v2_0.35_32_fashion8.safetensors}"

if [ ! -f "$SRC/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST not found in $SRC; install it (apt-get install dataset-fashion-mnist) or set FASHION_MNIST" >&2
  exit 1
fi

echo "== 1/3 pretraining images -> $DATA"
rm -rf "$DATA"
python3 scripts/fashion_mnist_to_png.py --src "$SRC" --classes 1,2,3,4,5,7,8,9 \
  --train-per-class "${TRAIN_PER_CLASS:-6000}" --val-per-class "${VAL_PER_CLASS:-500}" --out "$DATA"

echo "== 2/3 ./tl train config/pretrain-fashion8.conf $*"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
start=$(date +%s)
./tl train config/pretrain-fashion8.conf "$@" | tee "$LOG"
echo "pretraining took $(( $(date +%s) - start )) s"
RUN="$(sed -n 's/^run folder: //p' "$LOG" | tail -n 1)"
if [ -z "$RUN" ]; then
  echo "could not find the run folder in the output of tl train" >&2
  exit 1
fi

echo "== 3/3 base weights of $RUN -> $OUT"
./tl weights export-base "$RUN" "$OUT"
ls -l "$OUT"

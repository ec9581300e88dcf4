#!/usr/bin/env bash
# make-report-screenshots.sh — remakes docs/images/report-quickstart.png and docs/images/report-fashion10.png, the
# screenshots of report.html shown in README.md and docs/ARCHITECTURE.md:
#
#   1. the quickstart (./tl train config/quickstart.conf), with TensorBoard files on;
#   2. a 10-class Fashion-MNIST run: scripts/fashion_mnist_to_png.py writes 100 training images per class (training
#      set) and 50 validation images per class (test set) into build/fashion10 (Debian package dataset-fashion-mnist,
#      MIT licence; nothing of it is committed), and the quickstart's config trains on them as a two-phase run (8
#      feature-extraction epochs with a cosine schedule, then 4 fine-tuning epochs from layer 100), so that the report
#      shows shaded phases and a changing learning rate;
#   3. scripts/report-screenshot.sh loads each report in headless Chromium, checks it (no console message, every
#      section, thumbnails decoded) and writes the screenshot; scripts/check-tensorboard.py checks the event files
#      when Python TensorBoard is installed (TL_PYTHON, default python3).
#
# Usage: scripts/make-report-screenshots.sh     (needs chromium; about 3-6 minutes on 2 CPU cores)
# Environment: FASHION_MNIST (default /usr/share/datasets/fashion-mnist), REPORT_MAX_HEIGHT (default 12000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SRC="${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
PY="${TL_PYTHON:-python3}"
OUT=build/report-screenshots
if [ ! -f "$SRC/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST not found in $SRC; install it (apt-get install dataset-fashion-mnist) or set FASHION_MNIST" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p docs/images

newest() { ls -d "$1"/*/ | tail -n 1; }

echo "== quickstart"
./tl --quiet train config/quickstart.conf --set output.dir="$OUT/quickstart" --set output.tensorboard=true
quickstart="$(newest "$OUT/quickstart")"
scripts/report-screenshot.sh "$quickstart/report.html" docs/images/report-quickstart.png

echo "== 10-class Fashion-MNIST"
python3 scripts/fashion_mnist_to_png.py --src "$SRC" --classes 0,1,2,3,4,5,6,7,8,9 --train-per-class 100 \
  --val-per-class 50 --out build/fashion10
./tl --quiet train config/quickstart.conf --set output.dir="$OUT/fashion10" --set output.tensorboard=true \
  --set data.train=build/fashion10/train --set data.validation=build/fashion10/validation \
  --set trainer.id=two-phase --set trainer.epochs=8 --set trainer.schedule.id=cosine \
  --set trainer.fine-tune.epochs=4 --set trainer.fine-tune.from-layer=100
fashion="$(newest "$OUT/fashion10")"
scripts/report-screenshot.sh "$fashion/report.html" docs/images/report-fashion10.png

for run in "$quickstart" "$fashion"; do
  status=0
  "$PY" scripts/check-tensorboard.py "$run" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit "$status"
done
ls -l docs/images/report-*.png

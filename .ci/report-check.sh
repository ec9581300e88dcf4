#!/usr/bin/env bash
# The report in a real browser (G5): trains the quickstart with TensorBoard files on, loads its report.html in headless
# Chromium with scripts/report-screenshot.sh (no console message, every section present, thumbnails decoded) and,
# when Python TensorBoard is installed (TL_PYTHON, default python3), checks the event files against metrics.csv with
# scripts/check-tensorboard.py. Without Chromium it says so and succeeds: the check runs where Chromium is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v "${CHROMIUM:-chromium}" > /dev/null && ! command -v chromium-browser > /dev/null \
    && ! command -v google-chrome > /dev/null; then
  echo "report check skipped: no Chromium (apt-get install chromium)"
  exit 0
fi
out=build/report-check
rm -rf "$out"
./tl --quiet train config/quickstart.conf --set output.dir="$out" --set output.tensorboard=true > /dev/null
run="$(ls -d "$out"/*/ | tail -n 1)"
scripts/report-screenshot.sh "$run/report.html" "$out/report.png"
status=0
"${TL_PYTHON:-python3}" scripts/check-tensorboard.py "$run" || status=$?
if [ "$status" -eq 2 ]; then
  echo "tensorboard check skipped: no Python TensorBoard (pip install tensorboard)"
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi

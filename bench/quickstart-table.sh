#!/usr/bin/env bash
# quickstart-table.sh — the README's "does the transfer help?" table, through ./tl: validation accuracy of the same
# head on four bases, mean ± sd over five seeds, with the command behind each row and its mean wall time.
#
#   bench/quickstart-table.sh [CONF] [SEED ...]       # defaults: config/quickstart.conf, seeds 1 2 3 4 5
#
# Rows: the raw-pixel baseline (backbone pixels), a randomly initialised base (weights = none), the run file's
# pretrained base frozen (the run file as it is), and the same base fine-tuned in two phases (the Keras tutorial's
# recipe: the frozen phase, then layers from index 100 on with RMSprop 1e-5 for 10 more epochs). Runs go to
# build/quickstart-table; a markdown table is printed at the end. Each run is a fresh JVM, as a user's would be.
set -euo pipefail
cd "$(dirname "$0")/.."
CONF="${1:-config/quickstart.conf}"
shift || true
if [ $# -gt 0 ]; then SEEDS=("$@"); else SEEDS=(1 2 3 4 5); fi
OUT=build/quickstart-table
mkdir -p "$OUT"
./tl --version > /dev/null   # builds first, so that no row's time includes the build

ROWS=("pixels" "random base" "pretrained, frozen" "pretrained, two-phase fine-tuned")
SETS=("--set backbone.id=pixels --set backbone.weights=none --set backbone.alpha=1.0 --set freezer.id=all"
      "--set backbone.weights=none"
      ""
      "--set trainer.id=two-phase --set trainer.fine-tune.from-layer=100 --set trainer.fine-tune.epochs=10")
table="| base | validation accuracy, mean ± sd over seeds ${SEEDS[*]} | mean time per run | command |\n|---|---|---|---|\n"
for i in "${!ROWS[@]}"; do
  accs=()
  times=()
  for seed in "${SEEDS[@]}"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086  # the row's settings are words
    line=$(./tl --quiet train "$CONF" --set "seed=$seed" ${SETS[$i]} --set "output.dir=$OUT" 2>/dev/null \
      | grep '^validation: accuracy')
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
    acc=$(sed 's/^validation: accuracy \([0-9.]*\),.*/\1/' <<< "$line")
    accs+=("$acc")
    echo "${ROWS[$i]}, seed $seed: accuracy $acc, ${times[-1]} s" >&2
  done
  stats=$(printf '%s\n' "${accs[@]}" | awk '{s += $1; q += $1 * $1; n++} END {m = s / n;
    v = n > 1 ? (q - n * m * m) / (n - 1) : 0; if (v < 0) v = 0; printf "%.1f ± %.1f %%", 100 * m, 100 * sqrt(v)}')
  secs=$(printf '%s\n' "${times[@]}" | awk '{s += $1; n++} END {printf "%.1f s", s / n}')
  command="./tl train $CONF ${SETS[$i]}"
  table+="| ${ROWS[$i]} | $stats | $secs | \`${command% }\` |\n"
done
printf "%b" "$table"

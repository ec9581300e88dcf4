#!/usr/bin/env bash
# tl-spark against `tl extract` (issue G6, acceptance 2), side by side in one run: images/s of the whole command
# (JVM and Spark start-up included) and CPU seconds (user + sys), medians of BENCH_RUNS rounds, for
#   tl extract --set backend.threads=1   vs   ExtractJob on local[1] (one task, spark.task.cpus = 1: one thread)
#   tl extract --set backend.threads=2   vs   ExtractJob on local[2] (two tasks of one thread each)
# Data: the quickstart's 500 PNGs (data/fashion2), at BENCH_SIZE x BENCH_SIZE (the bundled backbone's weights fit
# any input size) so that the base, not start-up, is most of the work. Prints a Markdown table for
# docs/PERFORMANCE.md ("tl-spark").
#
# usage: bench/spark.sh      env: BENCH_RUNS (3), BENCH_SIZE (96), BENCH_NO_BUILD=1 (use the jars already built)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
size=${BENCH_SIZE:-96}
conf=config/fashion2.conf
images=data/fashion2
n=$(find "$images" -name '*.png' | wc -l)
out=build/bench-spark
mkdir -p "$out"
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
  ./tl --version >/dev/null                                   # builds the reactor when the sources changed
  mvn -B -q -pl tl-spark dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/tl-spark/target/spark-classpath.txt" >&2
fi

# seconds of wall and of CPU (user + sys of the command and its children) of one command, as "wall cpu"
measure() {
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }; } 2>&1 )
  awk '{printf "%s %.2f\n", $1, $2 + $3}' <<<"$t"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A wall cpu
for ((r = 1; r <= runs; r++)); do
  for t in 1 2; do
    read -r w c < <(measure ./tl extract "$conf" --images "$images" --out "$out/features.npy" \
      --set "backbone.input-size=[$size,$size]" --set backend.threads=$t)
    wall[tl$t]+="$w "; cpu[tl$t]+="$c "
    rm -rf "$out/features.parquet"
    read -r w c < <(TL_SPARK_NO_BUILD=1 measure scripts/spark-local.sh "local[$t]" org.tl4j.spark.ExtractJob \
      "$conf" "$images" "$out/features.parquet" "backbone.input-size=[$size,$size]")
    wall[spark$t]+="$w "; cpu[spark$t]+="$c "
    echo "round $r, $t thread(s): wall s, tl extract: ${wall[tl$t]}/ spark: ${wall[spark$t]}" >&2
  done
done

row() {
  local w c
  w=$(tr ' ' '\n' <<<"${wall[$1]}" | grep . | median); c=$(tr ' ' '\n' <<<"${cpu[$1]}" | grep . | median)
  printf '| %s | %.1f | %.1f | %.1f |\n' "$2" "$w" "$(echo "$n / $w" | bc -l)" "$c"
}
echo "$n images at ${size}x${size}, MobileNetV2 0.35, backend tensorflow; medians of $runs round(s)"
echo
echo "| command | wall s | images/s | CPU s |"
echo "|---|---|---|---|"
row tl1 "tl extract, backend.threads = 1"
row spark1 "ExtractJob, local[1]"
row tl2 "tl extract, backend.threads = 2"
row spark2 "ExtractJob, local[2]"

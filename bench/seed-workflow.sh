#!/usr/bin/env bash
# The seed-workflow benchmark (issue F5, acceptance 5), side by side in one run:
#   (a) `tl train` of the seed workflow: MobileNetV2 alpha 1.0 @160 (weights = none: timing only), GAP -> Dropout 0.2
#       -> Dense softmax, Adam, 10 epochs, feature-extraction, in-memory feature cache, backend tensorflow; twice per
#       round: in the warm daemon that ./tl keeps for repeated commands (started and warmed by an untimed run), and in
#       a fresh JVM of its own (as the first command, TL_DAEMON=0 or CI run it);
#   (b) bench/SeedBench.java: the decode pipeline alone and one base pass alone, and `tl extract` (decode + base,
#       overlapped, in a fresh process), so that tl train / (decode + one base pass) can be checked (target <= 1.5);
#   (c) bench/seed_torch.py: the same workflow in PyTorch/torchvision the Keras way (the frozen base runs in every
#       epoch), run with MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 (target: tl train >= 5x faster).
# Data: SEED_IMAGES synthetic JPEGs of about 500x375 in 5 class folders, written once by bench/make_seed_images.py
# into build/bench-data (not committed). Everything uses BENCH_THREADS threads (decoders and backend alike).
# Prints a Markdown table for docs/PERFORMANCE.md ("Seed workflow (tl train)").
#
# usage: bench/seed-workflow.sh
# env:   BENCH_THREADS (2), SEED_IMAGES (1000), SEED_RUNS (5: rounds of tl train, SeedBench and tl extract; medians),
#        SEED_PEER_RUNS (1: PyTorch runs, 2 min each on an idle machine, up to 15 under load), SEED_SKIP_PEER=1,
#        BENCH_WORKERS (2: PyTorch DataLoader processes), BENCH_NO_BUILD=1 (use the jars already built),
#        PYTHON (/usr/bin/python3, with Debian's python3-torch and python3-torchvision),
#        SEED_SUMMARY_ONLY=1 (no runs: the table of the last run's results, build/bench-data/seed-results.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
threads=${BENCH_THREADS:-2}
images=${SEED_IMAGES:-1000}
runs=${SEED_RUNS:-5}
peer_runs=${SEED_PEER_RUNS:-1}
python=${PYTHON:-/usr/bin/python3}
out=$root/build/bench-data
data=$out/seed-$images
results=$out/seed-results.txt
export TF_CPP_MIN_LOG_LEVEL=2

if [ -z "${SEED_SUMMARY_ONLY:-}" ]; then
if [ ! -d "$data" ]; then
  echo "# writing $images synthetic JPEGs to $data" >&2
  "$python" bench/make_seed_images.py "$data.tmp" "$images" 5 && mv "$data.tmp" "$data"
fi
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  mvn -q -o install -Dmaven.test.skip=true -pl tl-api,tl-core,tl-backbones,tl-backend-tensorflow,tl-cli >&2
fi
# a snapshot of the jars, so that a rebuild during the run changes nothing
jars=$out/jars
rm -rf "$jars" && mkdir -p "$jars" && cp tl-cli/target/modules/*.jar "$jars/" && cp "$(ls tl-cli/target/tl-cli-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1)" "$jars/"
# what ./tl runs, without its staleness check (a rebuild triggered by someone's edit must not be timed): with the
# class-data sharing archive that ./tl writes at the end of its first run after a build (written here by the
# untimed warm-up run below), with the JVM options ./tl uses (scripts/tl-jvm-options.sh: the parallel collector and
# TensorFlow's natives loaded straight from JavaCPP's cache); SeedBench runs with the same options
. scripts/tl-jvm-options.sh
jvm_opts=()
while IFS= read -r opt; do jvm_opts+=("$opt"); done < <(tl_jvm_options "$jars")
tl_java=(java ${jvm_opts[@]+"${jvm_opts[@]}"} -p "$jars" -m org.tl4j.cli/org.tl4j.cli.Main)
tl=(java -XX:SharedArchiveFile="$out/tl.jsa" -Xshare:auto -Xlog:cds=off,cds+dynamic=off "${tl_java[@]:1}")
# the daemon, as ./tl starts it (same JVM options and archive, DaemonMain instead of Main), and its client
daemon_sock=$out/daemon.sock
daemon=("${tl[@]}")
daemon[${#daemon[@]} - 1]=org.tl4j.cli/org.tl4j.cli.daemon.DaemonMain
client_opts=()
while IFS= read -r opt; do client_opts+=("$opt"); done < <(tl_client_options)
client=(java "${client_opts[@]}" -cp "$(ls "$jars"/tl-cli-*.jar | head -n 1)" org.tl4j.cli.daemon.DaemonClient \
  "$daemon_sock")

conf=$out/seed.conf
cat > "$conf" <<EOF
tl4j {
  seed = 42
  backbone { id = mobilenet_v2, alpha = 1.0, input-size = [160, 160], weights = none }
  head { id = linear, dropout = 0.2 }
  freezer.id = all
  backend { id = tensorflow, device = cpu, threads = $threads }
  data { train = "$data", validation-split = 0.2, batch-size = 32, cache.mode = memory }
  trainer { id = feature-extraction, epochs = 10, optimizer { id = adam, learning-rate = 0.001 } }
  output.dir = "$out/runs"
}
EOF

# runs a command under GNU time (wall, user and system seconds, children included, into $out/time.txt)
timed() {
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@"
}
times_kv() { awk '{ printf "seconds=%.2f cpu_seconds=%.2f", $1, $2 + $3 }' "$out/time.txt"; }

# the in-process timings tl train prints ("features: 7.2 s (cache: 0 hits, 1000 misses); total 9.6 s"), and the load
train_kv() {
  echo "$(echo "$1" | sed -n 's/^features: \([0-9.]*\) s.*total \([0-9.]*\) s$/features_s=\1 in_process_s=\2/p')" \
    "load=$(cut -d' ' -f1 /proc/loadavg)"
}

tl_train() {
  local log
  log=$(timed "${tl[@]}" --quiet train "$conf" 2>/dev/null)
  echo "RESULT part=tl-train $(times_kv) $(train_kv "$log")" | tee -a "$results" >&2
}

# CPU seconds (user + system) the daemon has used so far
daemon_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$daemon_pid/stat"; }

tl_train_daemon() {
  local log before after
  before=$(daemon_cpu)
  log=$(timed "${client[@]}" --quiet train "$conf" 2>/dev/null)
  after=$(daemon_cpu)
  # CPU time: the client's and the daemon's
  echo "RESULT part=tl-train-daemon $(awk -v b="$before" -v a="$after" \
    '{ printf "seconds=%.2f cpu_seconds=%.2f", $1, $2 + $3 + a - b }' "$out/time.txt") $(train_kv "$log")" \
    | tee -a "$results" >&2
}

tl_extract() {
  timed "${tl[@]}" --quiet extract "$conf" --images "$data" --out "$out/seed-features.npy" 2>/dev/null \
    | grep -q "\[$images, 1280\]" || { echo "tl extract did not write $images rows" >&2; exit 1; }
  echo "RESULT part=tl-extract $(times_kv)" | tee -a "$results" >&2
}

seed_bench() {
  java -Xmx3g ${jvm_opts[@]+"${jvm_opts[@]}"} -Dbench.threads="$threads" -Dbench.repeats=3 -cp "$jars/*" \
    bench/SeedBench.java \
    "$data" 2>/dev/null | grep '^RESULT' | tee -a "$results" >&2
}

torch_peer() {
  local line
  line=$(timed env MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 OMP_NUM_THREADS="$threads" \
    BENCH_THREADS="$threads" "$python" bench/seed_torch.py "$data" 2>/dev/null | grep '^RESULT')
  echo "$line $(times_kv | sed 's/seconds=[^ ]* //')" | tee -a "$results" >&2
}

: > "$results"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# warms the page cache and writes the class-data sharing archive, as ./tl's first run does; not counted
java -XX:ArchiveClassesAtExit="$out/tl.jsa" -Xlog:cds=off,cds+dynamic=off "${tl_java[@]:1}" --quiet train "$conf" \
  >/dev/null 2>&1
# starts the daemon and warms it with one run, as a user's first command does; not counted
rm -f "$daemon_sock"
"${daemon[@]}" --socket "$daemon_sock" --idle 900 </dev/null >"$out/daemon.log" 2>&1 &
daemon_pid=$!
trap 'kill "$daemon_pid" 2>/dev/null || true' EXIT
for ((i = 0; i < 600; i++)); do [ -S "$daemon_sock" ] && break; sleep 0.05; done
"${client[@]}" --quiet train "$conf" >/dev/null 2>&1
for ((r = 1; r <= runs; r++)); do
  tl_train
  tl_train_daemon
  seed_bench
  tl_extract
  if [ -z "${SEED_SKIP_PEER:-}" ] && ((r <= peer_runs)); then
    torch_peer
  fi
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
fi

# RESULT lines -> one Markdown table of medians and ratios
awk -v images="$images" -v threads="$threads" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n == 0 ? -1 : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
  }
  { delete kv; for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
    part = kv["part"]; count[part]++
    secs[part] = secs[part] " " kv["seconds"]
    # per-round pairs: each round times tl train, then decode and base (SeedBench), side by side
    if (part == "tl-train") last_train = kv["seconds"]
    if (part == "tl-train-daemon") last_warm = kv["seconds"]
    if (part == "decode") last_decode = kv["seconds"]
    if (part == "base" && last_train != "") { ratios = ratios " " last_train / (last_decode + kv["seconds"]) }
    if (part == "base" && last_warm != "") { wratios = wratios " " last_warm / (last_decode + kv["seconds"]) }
    if ("features_s" in kv) feat = feat " " kv["features_s"]
    if ("cpu_ms_per_image" in kv) cpu[part] = cpu[part] " " kv["cpu_ms_per_image"]
    if ("cold_seconds" in kv) cold[part] = cold[part] " " kv["cold_seconds"]
    if ("cpu_seconds" in kv) cpus[part] = cpus[part] " " kv["cpu_seconds"]
    if ("epoch_median_s" in kv) epoch = epoch " " kv["epoch_median_s"] }
  END {
    train = median(secs["tl-train"]); dec = median(secs["decode"]); base = median(secs["base"])
    warm = median(secs["tl-train-daemon"])
    ext = median(secs["tl-extract"]); pt = median(secs["pytorch"])
    printf "| measure (%d images, %d threads) | median | runs |\n|---|---:|---:|\n", images, threads
    printf "| **tl train** in the warm daemon (./tl, repeated commands), 10 epochs, wall time | **%.1f s** | %d |\n", warm, count["tl-train-daemon"]
    printf "| tl train in a fresh JVM (first command, TL_DAEMON=0, CI), 10 epochs, process wall time | %.1f s | %d |\n", train, count["tl-train"]
    printf "| … of which features (decode + base, overlapped), fresh JVM | %.1f s | %d |\n", median(feat), count["tl-train"]
    printf "| decode pipeline alone (read, hash, decode, resize, preprocess) | %.1f s = %.0f images/s (%.1f ms CPU/image) | %d |\n", dec, images / dec, median(cpu["decode"]), 3 * count["decode"]
    printf "| one base pass alone (MobileNetV2@160 + GAP, batch 32) | %.1f s = %.0f images/s (%.1f ms CPU/image) | %d |\n", base, images / base, median(cpu["base"]), 3 * count["base"]
    printf "| decode + one base pass | %.1f s | |\n", dec + base
    printf "| tl train (warm daemon) / (decode + one base pass), from the medians above | %.2f | |\n", warm / (dec + base)
    printf "| tl train (fresh JVM) / (decode + one base pass), from the medians above | %.2f | |\n", train / (dec + base)
    n = split(wratios, rr, " "); lo = 1e9; hi = 0
    for (i = 1; i <= n; i++) { if (rr[i] < lo) lo = rr[i]; if (rr[i] > hi) hi = rr[i] }
    if (n > 0) printf "| **tl train (warm daemon) / (decode + one base pass)**, median of the per-round ratios (target ≤ 1.5) | **%.2f** (%.2f–%.2f) | %d |\n", median(wratios), lo, hi, n
    n = split(ratios, rr, " "); lo = 1e9; hi = 0
    for (i = 1; i <= n; i++) { if (rr[i] < lo) lo = rr[i]; if (rr[i] > hi) hi = rr[i] }
    printf "| tl train (fresh JVM) / (decode + one base pass), median of the per-round ratios | %.2f (%.2f–%.2f) | %d |\n", median(ratios), lo, hi, n
    cdec = median(cold["decode"]); cbase = median(cold["base"])
    printf "| decode + one base pass, first pass in a fresh JVM (as in tl train) | %.1f s (%.1f + %.1f) | %d |\n", cdec + cbase, cdec, cbase, count["decode"]
    printf "| tl train (fresh JVM) / (decode + one base pass), first passes | %.2f | |\n", train / (cdec + cbase)
    printf "| tl extract (decode + base overlapped, fresh process) | %.1f s | %d |\n", ext, count["tl-extract"]
    printf "| tl train (fresh JVM) / tl extract | %.2f | |\n", train / ext
    tcpu = median(cpus["tl-train"]); dcpu = median(cpu["decode"]) * images / 1000; bcpu = median(cpu["base"]) * images / 1000
    printf "| CPU time (user + sys, all threads): tl train, fresh JVM | %.1f s | %d |\n", tcpu, count["tl-train"]
    printf "| CPU time: decode + one base pass | %.1f s (%.1f + %.1f) | |\n", dcpu + bcpu, dcpu, bcpu
    printf "| tl train (fresh JVM) / (decode + one base pass), CPU time | %.2f | |\n", tcpu / (dcpu + bcpu)
    wcpu = median(cpus["tl-train-daemon"])
    if (wcpu > 0) printf "| tl train (warm daemon, client + daemon) / (decode + one base pass), CPU time | %.2f (%.1f s) | |\n", wcpu / (dcpu + bcpu), wcpu
    if (pt > 0) {
      printf "| PyTorch, Keras style (base in every epoch), 10 epochs | %.1f s (%.1f s per epoch) | %d |\n", pt, median(epoch), count["pytorch"]
      printf "| **PyTorch / tl train** (fresh JVM; target ≥ 5) | **%.1f×** | |\n", pt / train
      if (warm > 0) printf "| PyTorch / tl train (warm daemon) | %.1f× | |\n", pt / warm
      pcpu = median(cpus["pytorch"])
      if (pcpu > 0) printf "| PyTorch / tl train, CPU time | %.1f× (%.0f s / %.1f s) | |\n", pcpu / tcpu, pcpu, tcpu
    }
  }' "$results"

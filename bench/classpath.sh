#!/usr/bin/env bash
# Sourced by run.sh and gpu-check.sh: installs tl-api, tl-backbones and the backend module (skipped with
# BENCH_NO_BUILD=1: then the jars already installed in ~/.m2 are used), and sets BENCH_CP to the class path that
# bench/Bench.java runs with. Extra Maven arguments come from MVN_ARGS (e.g. MVN_ARGS=-Pgpu). Maven runs offline
# (set MVN_OFFLINE= to let it download).
bench_classpath() {
  local backend=$1 module=tl-backend-$1
  if [ ! -d "$module" ]; then
    echo "no backend module $module (backends: $(ls -d tl-backend-* | sed 's/tl-backend-//' | tr '\n' ' '))" >&2
    return 2
  fi
  local mvn=(mvn -q ${MVN_OFFLINE--o} ${MVN_ARGS:-})
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    "${mvn[@]}" install -Dmaven.test.skip=true -pl "tl-api,tl-backbones,$module" >&2
  fi
  local cpfile
  cpfile=$(mktemp)
  "${mvn[@]}" -pl "$module" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile" >&2
  BENCH_CP="$(ls ~/.m2/repository/org/tl4j/$module/*/$module-*.jar | grep -v sources | head -1)"
  BENCH_CP="$BENCH_CP:$(ls ~/.m2/repository/org/tl4j/tl-backbones/*/tl-backbones-*.jar | head -1):$(cat "$cpfile")"
  rm -f "$cpfile"
  export BENCH_CP
}

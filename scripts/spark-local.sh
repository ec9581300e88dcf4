#!/usr/bin/env bash
# Runs a tl-spark job on this machine, without a Spark installation: the job's main class on the class path of
# tl-spark and its (provided) Spark jars, with the --add-opens options Spark needs on Java 17, master local[N].
#
# usage: scripts/spark-local.sh [local[N]] CLASS ARGS...
#   scripts/spark-local.sh 'local[2]' org.tl4j.spark.ExtractJob config/fashion2.conf data/fashion2 /tmp/qs.parquet
#   scripts/spark-local.sh 'local[2]' org.tl4j.spark.TrainJob config/fashion2.conf /tmp/qs.parquet
# env: TL_SPARK_NO_BUILD=1 (use the jars already built), TL_SPARK_JAVA_OPTS (more JVM options, e.g. -Xmx8g),
#      TL_SPARK_HOST (127.0.0.1: the driver binds to loopback only)
# The first run builds the reactor (mvn install -DskipTests; Spark's jars, about 300 MB, come from Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."
master=local[2]
case "${1:-}" in local*) master=$1; shift ;; esac
[[ $# -ge 1 ]] || { sed -n 2,10p "$0" >&2; exit 2; }
cp_file=tl-spark/target/spark-classpath.txt
if [[ "${TL_SPARK_NO_BUILD:-0}" != 1 ]]; then
  mvn -B -q install -DskipTests -pl tl-spark -am >&2
  mvn -B -q -pl tl-spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
fi
# the JVM options tl-spark's pom gives its tests (one list, read from there)
opens=$(sed -n '/<spark.jvm.options>/,/<\/spark.jvm.options>/p' tl-spark/pom.xml | sed 's/<[^>]*>//g' | tr '\n' ' ')
# shellcheck disable=SC2086
exec java $opens ${TL_SPARK_JAVA_OPTS:-} -Dspark.master="$master" -Dspark.ui.enabled=false \
  -Dspark.driver.host="${TL_SPARK_HOST:-127.0.0.1}" -Dspark.driver.bindAddress="${TL_SPARK_HOST:-127.0.0.1}" \
  -Dlog4j2.configurationFile="$PWD/tl-spark/src/main/resources/tl4j-spark-log4j2.properties" \
  -cp "tl-spark/target/classes:$(cat "$cp_file")" "$@"

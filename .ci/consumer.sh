#!/usr/bin/env bash
# tl4j used as a library from other Maven projects (G1 item 4): installs this checkout's artifacts, builds the user
# projects in examples/consumer-maven (the BOM imported with either backend listed first; no BOM at all; the standard
# set org.tl4j:tl4j with the djl backend) and runs each one's program, which trains a head on data/fashion2 on the djl
# backend and classifies the validation images with the model it wrote (Classifier, which must agree with the run's
# evaluation). Fails unless all four train and agree.
#
#   .ci/consumer.sh            MVN_FLAGS=-o .ci/consumer.sh   (offline, once ~/.m2 holds the dependencies)
#
# tl4j's artifacts are installed into a local repository of this checkout's own (build/consumer-m2), which reaches
# every other artifact in ~/.m2/repository through links: what the consumers resolve is this checkout's tl4j, never
# one that another build installed into ~/.m2 in the meantime.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
flags=(-B -q ${MVN_FLAGS:-})
version=$(sed -n 's:^  <version>\([^<]*\)</version>$:\1:p' tl4j-bom/pom.xml | head -n 1)
test -n "$version" || { echo "consumer: no version found in tl4j-bom/pom.xml" >&2; exit 1; }

m2=${M2_REPO:-$HOME/.m2/repository}
repo=$root/build/consumer-m2
rm -rf "$repo" build/consumer-runs
mkdir -p "$repo/org" "$m2/org"
for d in "$m2"/*; do [ "${d##*/}" = org ] || ln -s "$d" "$repo/${d##*/}"; done
for d in "$m2"/org/*; do [ "${d##*/}" = tl4j ] || ln -s "$d" "$repo/org/${d##*/}"; done

echo "consumer: installing tl4j $version"
# what the consumers depend on, and with -am what that needs (tl-api, tl4j-parent, tl4j-bom)
mvn "${flags[@]}" -Dmaven.repo.local="$repo" -DskipTests -Dmaven.javadoc.skip=true \
  -pl tl4j,tl-backbones,tl-backend-tensorflow,tl-backend-djl -am install
echo "consumer: ${SECONDS} s"

echo "consumer: building examples/consumer-maven"
mvn "${flags[@]}" -f examples/consumer-maven/pom.xml -Dmaven.repo.local="$repo" -Dtl4j.version="$version" \
  compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

echo "consumer: ${SECONDS} s"
failed=0
for project in tensorflow-first djl-first no-bom standard-set; do
  dir=examples/consumer-maven/$project
  classpath=$(cat "$dir/target/classpath.txt")
  protobuf=$(tr ':' '\n' <<< "$classpath" | sed -n 's:.*/protobuf-java-\([^/]*\)\.jar$:\1:p')
  echo "consumer: $project (protobuf-java $protobuf)"
  if ! TF_CPP_MIN_LOG_LEVEL=2 java -cp "$dir/target/classes:$classpath" org.example.consumer.TrainOnDjl \
      data/fashion2 "build/consumer-runs/$project" > "build/consumer-$project.log" 2>&1; then
    echo "consumer: $project did not train on djl; the end of build/consumer-$project.log:" >&2
    tail -n 15 "build/consumer-$project.log" >&2
    failed=1
    continue
  fi
  grep '^djl: ' "build/consumer-$project.log"
done
echo "consumer: ${SECONDS} s"
exit "$failed"

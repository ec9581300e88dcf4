#!/usr/bin/env bash
# What Maven Central needs, short of signing (G4): `mvn -Prelease` makes a sources and a javadoc jar next to every
# jar module's jar (javadoc with every doclint check but "missing": an error fails the build), the enforcer passes,
# and the poms carry the metadata Central asks for. Tests are left to `mvn -B verify`, which CI runs anyway.
#
#   .ci/release-check.sh            MVN_FLAGS=-o .ci/release-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_FLAGS:-} -Prelease -DskipTests verify

version=$(sed -n 's:^  <version>\([^<]*\)</version>$:\1:p' tl4j-bom/pom.xml | head -n 1)
failed=0
fail() { echo "release-check: $*" >&2; failed=1; }
modules=0
for pom in */pom.xml; do
  dir=${pom%/pom.xml}
  grep -q '<packaging>pom</packaging>' "$pom" && continue
  [ -d "$dir/src/main/java" ] || continue   # tests only (tl-e2e): nothing to publish
  # an outside author's example plugin (its own groupId, no tl4j parent): not published by tl4j
  group=$(sed -n 's:^  <groupId>\([^<]*\)</groupId>$:\1:p' "$pom" | head -n 1)
  [ -z "$group" ] || [ "$group" = org.tl4j ] || continue
  modules=$((modules + 1))
  artifact=$(sed -n 's:^  <artifactId>\([^<]*\)</artifactId>$:\1:p' "$pom" | head -n 1)
  for kind in "" -sources -javadoc; do
    # (tl-examples-plugin writes its jar into target/plugins)
    jar=$(find "$dir/target" -maxdepth 2 -name "$artifact-$version$kind.jar" | head -n 1)
    [ -s "$jar" ] || { fail "no $artifact-$version$kind.jar in $dir/target"; continue; }
    entries=$(unzip -Z1 "$jar")
    # a class-path artifact (tl-spark, as Spark runs jobs) names its module in the manifest instead
    automatic=$(find "$dir/target" -maxdepth 2 -name "$artifact-$version.jar" -exec unzip -p {} META-INF/MANIFEST.MF \; \
      | grep -c '^Automatic-Module-Name:' || true)
    case $kind in
      "") grep -qx 'module-info.class' <<< "$entries" || [ "$automatic" -gt 0 ] \
            || fail "$jar holds no module-info.class and names no Automatic-Module-Name" ;;
      -sources) grep -qx 'module-info.java' <<< "$entries" || [ "$automatic" -gt 0 ] \
            || fail "$jar holds no module-info.java" ;;
      -javadoc) grep -qx 'index.html' <<< "$entries" || fail "$jar holds no index.html" ;;
    esac
  done
done
[ "$modules" -gt 0 ] || fail "no jar modules found"
# Central's required metadata, inherited by every module from tl4j-bom
for tag in '<url>' '<licenses>' '<developers>' '<scm' '<description>'; do
  grep -q "$tag" tl4j-bom/pom.xml || fail "tl4j-bom/pom.xml has no $tag"
done
for f in LICENSE NOTICE; do [ -s "$f" ] || fail "no $f"; done
[ "$failed" = 0 ] && echo "release-check: sources and javadoc jars for $modules modules; metadata, LICENSE and NOTICE present"
exit "$failed"

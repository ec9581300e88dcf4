# Sourced by ./tl and bench/seed-workflow.sh.
#
# tl_jvm_options MODULES_DIR: the JVM options ./tl runs with (one per line): the parallel (throughput) collector,
# unless TL_JAVA_OPTS names a collector, and tl_native_options. A tl command is a batch job: pauses do not matter, CPU
# does, and on a 2-core machine G1's concurrent work and its copying of decoded images cost the seed workflow about a
# second of CPU and 0.3 s of wall time against the parallel collector (docs/PERFORMANCE.md).
tl_jvm_options() {
  case "${TL_JAVA_OPTS:-}" in *GC*) ;; *) echo -XX:+UseParallelGC ;; esac
  tl_native_options "$1"
}

# tl_client_options: the JVM options of the daemon client (org.tl4j.cli.daemon.DaemonClient, java.base only), which
# only relays a command to a warm daemon and its output back: started and done in a few tens of milliseconds.
tl_client_options() {
  printf '%s\n' -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData
}

# tl_native_options MODULES_DIR: JVM options that let JavaCPP load TensorFlow's natives straight from the
# folder it unpacked them into on an earlier run, instead of probing every jar on the module path for about a hundred
# candidate file names (0.1-0.3 s of wall time and ~0.5 s of JIT compilation per process, on the critical path of
# every TensorFlow run). Prints nothing when the natives are not unpacked yet (the first run unpacks them), when the
# build has no linux-x86_64 native jar, when java.library.path is set in TL_JAVA_OPTS, or when TL_NATIVES_DIRECT=0.
# The folder is named after the jar, whose name holds the version, so it never holds another version's files.
#
tl_native_options() {
  local modules="$1" jar dir
  [ "${TL_NATIVES_DIRECT:-1}" != 0 ] || return 0
  case "${TL_JAVA_OPTS:-}" in *java.library.path*|*org.bytedeco.javacpp.cachedir*) return 0 ;; esac
  jar="$(cd "$modules" 2>/dev/null && ls tensorflow-core-native-*-linux-x86_64.jar 2>/dev/null | head -n 1)"
  [ -n "$jar" ] || return 0
  dir="$HOME/.javacpp/cache/$jar/org/tensorflow/internal/c_api/linux-x86_64"
  [ -s "$dir/libjnitensorflow.so" ] && [ -s "$dir/libtensorflow_cc.so.2" ] \
    && [ -s "$dir/libtensorflow_framework.so.2" ] || return 0
  printf '%s\n' -Dorg.bytedeco.javacpp.findLibraries=false \
    "-Djava.library.path=$dir:/usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:\
/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/usr/lib64:/lib64:/lib:/usr/lib"
}

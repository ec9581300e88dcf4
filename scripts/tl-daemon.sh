# Sourced by ./tl when TL_DAEMON=1 (opt-in): train, evaluate, predict and extract run in a background JVM that stays
# after the command, so that the next one skips the JVM's start, the JIT compiler's warm-up and TensorFlow's native
# start-up (1-3 s of a seed-workflow train on 2 cores; docs/PERFORMANCE.md). One daemon per folder, JVM options,
# environment and build (a hash of them names its socket), one command at a time (a second one meanwhile runs in its
# own JVM), ended after TL_DAEMON_IDLE seconds without a command (600), by `tl daemon stop`, or when the client of a
# running command goes away (Ctrl-C or a kill of tl end the command, as without a daemon).
# It is off by default: a daemon holds 0.5-0.8 GB (and, on a GPU machine, GPU memory) for minutes after a command,
# keeps TensorFlow's first thread-pool size, and saves only 1-3 s per command (docs/ARCHITECTURE.md, "The daemon").
#
# Uses ./tl's variables: NAME, DAEMON_DIR, TARGET, CLI_JAR, ARCHIVE, CDS, LAUNCH; defines tl_daemon_run ARGS...,
# whose status is the command's, or 75 when the command is to run in a JVM of its own.
daemon_wanted() {
  case "$NAME" in train|evaluate|predict|extract) ;; *) return 1 ;; esac
  local a
  for a in "$@"; do   # log levels are set once per JVM; help and version are quick in any JVM (and in colour)
    case "$a" in -v|--verbose|-h|--help|-V|--version) return 1 ;; esac
  done
  mkdir -p -m 700 "$DAEMON_DIR" 2>/dev/null || return 1
  # a folder of someone else's, or one others may write to, is not used
  [ -O "$DAEMON_DIR" ] && [ ! -L "$DAEMON_DIR" ] && [ "$(stat -c %a "$DAEMON_DIR")" = 700 ] || return 1
}
daemon_key() {
  { printf '%s\n' "$(command -v java)" "$PWD" ${CDS[@]+"${CDS[@]}"} "${LAUNCH[@]}"
    ls -l --time-style=+%s "$TARGET/modules" "$CLI_JAR" ${CDS[@]+"$ARCHIVE"}
    env -0 | sort -z | tr '\0' '\n' | grep -Ev '^(_|PWD|OLDPWD|SHLVL|TL4J_TRACE|TL_DAEMON_IDLE)=' || true
  } | sha256sum | cut -c1-20
}
quiet_run() {
  local a
  for a in "$@"; do case "$a" in -q|--quiet) return 0 ;; esac; done
  return 1
}
start_daemon() {   # SOCKET LOG ARGS...: starts a daemon and waits until it listens
  local sock="$1" log="$2" idle="${TL_DAEMON_IDLE:-600}" pid i
  shift 2
  local detach=()
  command -v setsid >/dev/null && detach=(setsid)
  find "$DAEMON_DIR" -maxdepth 1 -name '*.log' -mtime +7 -delete 2>/dev/null || true   # logs of old builds' daemons
  # a socket file left by a daemon that was killed is replaced by the new daemon (DaemonServer.bind)
  # (a crash report, if ever, goes next to its log, not into the user's folder)
  ${detach[@]+"${detach[@]}"} java ${CDS[@]+"${CDS[@]}"} "${LAUNCH[@]}" -XX:ErrorFile="$DAEMON_DIR/hs_err_pid%p.log" \
    -m org.tl4j.cli/org.tl4j.cli.daemon.DaemonMain --socket "$sock" --idle "$idle" </dev/null >>"$log" 2>&1 &
  pid=$!
  for ((i = 0; ; i++)); do
    grep -q "^tl daemon: pid $pid serves " "$log" 2>/dev/null && break
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null && return 0   # it found a live daemon on the socket (another tl started one)
      echo "tl: the daemon did not start (see $log); running without it" >&2
      return 1
    fi
    ((i < 600)) || { echo "tl: the daemon did not start in 30 s (see $log); running without it" >&2; return 1; }
    sleep 0.05
  done
  quiet_run "$@" || echo "tl: started a daemon (pid $pid) that later commands in this folder reuse; it exits after" \
    "$idle idle seconds (tl daemon stop; without TL_DAEMON=1 every command runs in a JVM of its own)" >&2
}
run_in_daemon() {   # the command's status, or 75 when it is to run in a JVM of its own
  local key sock log rc attempt pid
  key="$(daemon_key)"
  sock="$DAEMON_DIR/$key.sock"
  log="$DAEMON_DIR/$key.log"
  for attempt in 1 2; do
    if [ "$attempt" = 2 ] || [ ! -S "$sock" ]; then
      start_daemon "$sock" "$log" "$@" || return 75
    fi
    java $(tl_client_options) -cp "$CLI_JAR" org.tl4j.cli.daemon.DaemonClient "$sock" "$@" &
    pid=$!
    trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
    rc=0
    wait "$pid" || rc=$?
    while kill -0 "$pid" 2>/dev/null; do   # a trapped signal ended the first wait
      wait "$pid" || rc=$?
    done
    trap - TERM INT HUP
    [ "$rc" = 76 ] || return "$rc"   # 76: no daemon listens on the socket (one that ended): start another
  done
  return 75
}
tl_daemon_run() {
  daemon_wanted "$@" || return 75
  run_in_daemon "$@"
}

# Sourced by the scripts that start processes, so that they stop only what they started, by PID:
#   alive PID                          the process runs (a zombie does not)
#   started_from DIR PID               it names something under DIR on its command line or works
#                                      under DIR; a PID reused by another process does neither
#   stop_started_from DIR SECONDS PID… TERM to each of them alive and started from DIR, then waits
#                                      up to SECONDS for each and KILLs what is left
#   stop_launcher DIR PID              a launcher script and its children (bin/karaf and its JVM)

alive() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) && [ -n "$state" ] && [ "$state" != Z ]
}

started_from() {
  grep -qF "$1/" "/proc/$2/cmdline" 2>/dev/null && return 0
  case "$(readlink "/proc/$2/cwd" 2>/dev/null)/" in
    "$1"/*) return 0 ;;
    *) return 1 ;;
  esac
}

stop_started_from() {
  local dir=$1 seconds=$2 pid pids=()
  shift 2
  for pid in "$@"; do
    [ -n "$pid" ] && alive "$pid" && started_from "$dir" "$pid" || continue
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 $((seconds * 10))); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null && echo "killed $pid, still running after $seconds s" >&2
    fi
  done
  return 0
}

stop_launcher() {
  # The children's PIDs are taken before the launcher, which ends with them, is stopped.
  stop_started_from "$1" 90 $(pgrep -P "$2" || true) "$2"
}

# Sourced by the benchmark scripts (after `cd` to the top and ensure-tools): a fresh distribution
# in a temporary directory, started in the background and, when the script exits, stopped (only
# the processes it started, by PID) and removed.
#   distribution_tarball       prints the distribution tarball's path, building it if missing
#   fresh_distribution <tag>   unpacks it; sets $work and $home
#   start_distribution         starts bin/karaf server; sets $launcher
#   await_pools <n> [seconds]  waits until n backends report in scheduler-stats, or fails

. "$(dirname "${BASH_SOURCE[0]}")/processes.sh"

distribution_tarball() {
  local version tarball
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
  tarball=$(pwd)/karaf-assembly/target/scoria-assembly-$version.tar.gz
  [ -f "$tarball" ] || mvn -B -q install -DskipTests -pl karaf-assembly -am >&2 || return
  echo "$tarball"
}

fresh_distribution() {
  local tarball
  tarball=$(distribution_tarball)
  work=$(mktemp -d "/tmp/scoria-$1.XXXXXX")
  tar xzf "$tarball" -C "$work"
  home=$(echo "$work"/scoria-assembly-*)
  launcher=
  trap stop_distribution EXIT
}

stop_distribution() {
  stop_distribution_only
  rm -rf "$work"
}

# Stops the distribution and keeps $work, for scripts that have more to stop before removing it.
stop_distribution_only() {
  if [ -n "$launcher" ]; then
    stop_launcher "$work" "$launcher"
    launcher=
  fi
}

start_distribution() {
  "$home/bin/karaf" server > "$work/karaf.out" 2>&1 &
  launcher=$!
}

await_pools() {
  local wanted=$1 seconds=${2:-180} up=0 deadline
  deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    # Refused while the distribution starts: not an error here (the callers run with errexit and pipefail).
    up=$( { curl -s -H 'X-Auth-Token: admin:admin' http://127.0.0.1:8776/v3/admin/scheduler-stats/get_pools \
      || true; } | python3 -c 'import json,sys
try: print(len(json.load(sys.stdin)["pools"]))
except (ValueError, KeyError): print(0)')
    if [ "$up" -ge "$wanted" ]; then echo "backends reporting: $up"; return 0; fi
    sleep 0.2
  done
  echo "only $up of $wanted backends reported within $seconds s" >&2
  return 1
}

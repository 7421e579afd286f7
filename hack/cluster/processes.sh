# The cluster's processes: started inside the namespace with their PID and log under .cluster/,
# awaited with a bound, stopped by the PID recorded. Sourced after versions.sh.

# start NAME COMMAND...: runs COMMAND in the network of namespace NS (default the cluster's), detached,
# logging to logs/NAME.log.
start() {
  local name=$1; shift
  mkdir -p "$STATE/logs" "$STATE/pids"
  setsid nsenter --net="/run/netns/${NS:-$NETNS}" -- "$@" >>"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pids/$name.pid"
}

running() { local pid; pid=$(cat "$STATE/pids/$1.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }

# await NAME SECONDS CHECK...: retries CHECK each second; on time-out or exit of NAME, fails naming it.
await() {
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -f $STATE/pids/$name.pid ]] && ! running "$name"; then
      fail "$name exited"
    elif ((SECONDS >= deadline)); then
      fail "$name not up after ${seconds}s"
    fi
    sleep 1
  done
  echo "cluster: $name up"
}

fail() {
  echo "cluster: FAILED: $*" >&2
  local log=$STATE/logs/${1%% *}.log
  [[ -f $log ]] && { echo "--- last lines of $log" >&2; tail -n 25 "$log" >&2; }
  exit 1
}

# stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 10).
stop() {
  local name=$1 seconds=${2:-10} pid
  pid=$(cat "$STATE/pids/$name.pid" 2>/dev/null) || return 0
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/pids/$name.pid"
}

#!/usr/bin/env bash
# Writes an AppCDS archive for iris-api: the classes a real start and real requests load, stored so that
# the next JVM maps them instead of reading, parsing and verifying them again (start-up is mostly that).
# The Dockerfile runs it at image build and `make bench` runs it against the built jar, so both measure
# the same archive.
#
#   cds-archive.sh ARCHIVE JAR [JVM options...]
#
# Starts `java OPTIONS -XX:ArchiveClassesAtExit=ARCHIVE -jar JAR server` as production starts it, with a
# throwaway API key (it lives only in this process's environment), waits until it is ready, sends the
# requests clients send, then SIGTERM: the JVM writes the archive as it exits. Last, a JVM with the same
# options and -Xshare:on proves that the archive maps: the service itself falls back silently to no archive.
# Only bash and java are needed (the runtime image has no curl). Ports: PORT and ADMIN_PORT if set, else
# the first free pair from 18480 (a build with the host's network must not take the machine's 8000).
set -euo pipefail

archive=${1:?usage: cds-archive.sh ARCHIVE JAR [JVM options...]}
jar=${2:?usage: cds-archive.sh ARCHIVE JAR [JVM options...]}
shift 2
log=$(mktemp "${TMPDIR:-/tmp}/cds-archive.XXXXXX")
key=cds-$RANDOM$RANDOM$RANDOM$RANDOM

fail() {
  echo "cds-archive: $*" >&2
  tail -30 "$log" >&2
  exit 1
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ -z ${PORT:-} ]]; then
  PORT=18480
  while listening "$PORT" || listening $((PORT + 1)); do PORT=$((PORT + 2)); done
  ADMIN_PORT=$((PORT + 1))
fi

# request METHOD PATH [BODY] [KEY]: prints the HTTP status (000 when nothing answered).
request() {
  local method=$1 path=$2 body=${3:-} auth=${4-$key} status=000
  if exec 3<>"/dev/tcp/127.0.0.1/$PORT"; then
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
      "$method" "$path" "$auth" "${#body}" "$body" >&3
    IFS=' ' read -r -t 10 _ status _ <&3 || status=000
    while IFS= read -r -t 10 _ <&3; do :; done    # the rest of the answer, until the server closes
    exec 3<&- 3>&-
  fi 2>/dev/null
  echo "$status"
}

row='{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}'
rm -f "$archive"
API_KEY=$key ENVIRONMENT=production PORT=$PORT ADMIN_PORT=$ADMIN_PORT SHUTDOWN_WAIT_PERIOD=0s \
  java "$@" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" server > "$log" 2>&1 &
pid=$!

for _ in $(seq 1200); do                                            # 120 s
  [[ $(request GET '/health-check?type=ready') == 200 ]] && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
  sleep 0.1
done
[[ $(request GET '/health-check?type=ready') == 200 ]] || { kill -9 "$pid"; fail "not ready within 120 s"; }

# Each route a client uses, with good and bad input (a wrong key, a bad value, broken JSON), a few times
# over. Expected: a status pattern, so that an error path may change its exact 4xx.
for _ in 1 2 3; do
  for expect in "200 POST /predict $row" "200 POST /predict/batch {\"instances\":[$row,$row]}" "200 GET /model" \
      "200 GET /health" "4?? POST /predict $row wrong-key" "4?? POST /predict {\"sepal_length\":-1}" \
      "4?? POST /predict {" "200 POST /invocations {\"dataframe_records\":[$row]}"; do
    read -r status method path body auth <<<"$expect"
    got=$(request "$method" "$path" "$body" ${auth:+"$auth"})
    # shellcheck disable=SC2053 # $status is a pattern
    [[ $got == $status ]] || { kill -9 "$pid"; fail "$method $path answered $got, expected $status"; }
  done
done

kill -TERM "$pid"
wait "$pid" || true                                     # 143: the exit a SIGTERM gives after the shutdown hooks
[[ -s $archive ]] || fail "the JVM wrote no archive to $archive"
java "$@" -XX:SharedArchiveFile="$archive" -Xshare:on -jar "$jar" --version > "$log" 2>&1 \
  || fail "the archive does not map with these options (-Xshare:on)"
rm -f "$log"
echo "cds-archive: $archive ($(($(stat -c %s "$archive") / 1048576)) MiB)"

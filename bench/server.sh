#!/usr/bin/env bash
# Config server benchmark: a generated repo of 10,000 hosts, 200 hostclasses x 5 versions, 20 colos.
# Prints cold start to first answer, RSS, commit-to-served latency after POST /refresh, and wrk
# throughput + p99 of GET /host/{h}/resolved next to nginx serving the very same bytes from files
# (runs interleaved: server, nginx, server, nginx ...). Medians of RUNS runs.
#   bench/server.sh            (RUNS=3 DURATION=10s CONNECTIONS=32 THREADS=2 by default)
#   ONLY_WRK=1                 skip cold start, AppCDS and refresh: just the wrk comparison
#   BASELINE_JAR=/tmp/old.jar  also wrk that jar, interleaved (server, baseline, nginx, ...)
#   JFR=1                      record the server during its first measured run: $OUT/server.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g}
ONLY_WRK=${ONLY_WRK:-}
BASELINE_JAR=${BASELINE_JAR:-}
JFR=${JFR:-}
OUT=$PWD/bench/out/server
JAR=config-server/target/config-server.jar
NGINX=${NGINX:-/usr/sbin/nginx}
rm -rf "$OUT" && mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi
if [ ! -x "$NGINX" ]; then
  (apt-get install -y nginx-light || (apt-get update && apt-get install -y nginx-light)) >/dev/null
fi
[ -f "$JAR" ] || mvn -B -q -pl config-server -am package -DskipTests
[ -z "$BASELINE_JAR" ] || [ -f "$BASELINE_JAR" ] || { echo "no $BASELINE_JAR" >&2; exit 2; }

. bench/lib/common.sh
. bench/lib/nginx.sh
now_ms() { date +%s%3N; }

echo "== generating repo (10,000 hosts, 200 hostclasses x 5 versions, 20 colos)"
REPO="$OUT/repo"
make_big_repo "$REPO"
echo "   $(git -C "$REPO" ls-files | wc -l) files"

PORT=${PORT:-18080}
URL="http://127.0.0.1:$PORT"
BASE_URL="http://127.0.0.1:$((PORT + 1))"
NGINX_URL="http://127.0.0.1:$((PORT + 2))"
HOST=host04242.colo02
PID=
BASE_PID=
NGINX_PID=
# start_jar JAR PORT NAME [JVM options]: a server on the bench repo with its own cache dir, started
# by this shell (not in a $(...) subshell), so that stop_pid can wait for it; its pid in $STARTED
STARTED=
start_jar() {
  java $JAVA_OPTS ${4:-} -jar "$1" --repo "$REPO" --bind 127.0.0.1 --port "$2" --poll 0 \
    --cache-dir "$OUT/cache-$3" --packages-dir "$OUT/packages-$3" --reports-dir "$OUT/reports-$3" 2>>"$OUT/$3.log" >/dev/null &
  STARTED=$!
}
start_server() { start_jar "$JAR" "$PORT" server "${1:-}"; PID=$STARTED; }
stop_pid() { [ -z "$1" ] || { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }; }
stop_server() { stop_pid "$PID"; PID=; }
trap 'stop_pid "$PID"; stop_pid "$BASE_PID"; stop_pid "$NGINX_PID"' EXIT
await() { until curl -fs -o /dev/null "$1"; do sleep 0.02; done; }

START_MS=-; CDS_START_MS=-; REFRESH_MS=-
if [ -z "$ONLY_WRK" ]; then
  echo "== cold start to first answer of /host/$HOST/resolved"
  starts=()
  for r in $(seq "$RUNS"); do
    t0=$(now_ms); start_server
    await "$URL/host/$HOST/resolved"
    t=$(( $(now_ms) - t0 )); starts+=("$t"); echo "   run $r: $t ms"
    stop_server
  done
  START_MS=$(printf '%s\n' "${starts[@]}" | median)

  # The same with an AppCDS archive of the server's classes, as a production unit would run it
  # (docs/multi-datacenter.md): one training run writes the archive, the timed runs map it.
  echo "== cold start with an AppCDS archive (training run first)"
  CDS="$OUT/config-server.jsa"
  start_server "-XX:ArchiveClassesAtExit=$CDS"
  await "$URL/host/$HOST/resolved"
  curl -fs -o /dev/null "$URL/host/$HOST/resolved?format=json"
  stop_server
  cds_starts=()
  for r in $(seq "$RUNS"); do
    t0=$(now_ms); start_server "-XX:SharedArchiveFile=$CDS"
    await "$URL/host/$HOST/resolved"
    t=$(( $(now_ms) - t0 )); cds_starts+=("$t"); echo "   run $r: $t ms"
    stop_server
  done
  CDS_START_MS=$(printf '%s\n' "${cds_starts[@]}" | median)
fi

start_server
if [ -n "$BASELINE_JAR" ]; then start_jar "$BASELINE_JAR" "$((PORT + 1))" baseline; BASE_PID=$STARTED; fi
await "$URL/host/$HOST/resolved"
[ -z "$BASELINE_JAR" ] || await "$BASE_URL/host/$HOST/resolved"

cat > "$OUT/hosts.lua" <<'LUA'
local i = 0
request = function()
  i = (i + 7919) % 10000
  return wrk.format("GET", string.format("/host/host%05d.colo%02d/resolved", i, i % 20))
end
LUA

# nginx serves each host's /resolved from a file holding the bytes the server sent for it (one
# curl over a kept-alive connection fetches all 10,000), with the server's Content-Type.
echo "== nginx: the server's 10,000 /resolved bodies as files"
WWW="$OUT/nginx/www"
mkdir -p "$OUT/nginx/tmp"
python3 - "$URL" "$WWW" > "$OUT/curl-bodies.cfg" <<'PY'
import sys, os
url, www = sys.argv[1], sys.argv[2]
for i in range(10000):
    h = f"host{i:05d}.colo{i % 20:02d}"
    os.makedirs(f"{www}/host/{h}", exist_ok=True)
    print(f'url = "{url}/host/{h}/resolved"\noutput = "{www}/host/{h}/resolved"')
PY
curl -fsS -K "$OUT/curl-bodies.cfg"
CTYPE=$(curl -fsS -o /dev/null -w '%{content_type}' "$URL/host/$HOST/resolved")
chmod -R a+rX "$OUT/nginx"   # nginx workers drop root
nginx_conf "$OUT/nginx" "$((PORT + 2))" "$WWW" "types { } default_type \"$CTYPE\";"
"$NGINX" -e "$OUT/nginx/error.log" -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" &
NGINX_PID=$!
await "$NGINX_URL/host/$HOST/resolved"
cmp <(curl -fsS "$URL/host/$HOST/resolved") <(curl -fsS "$NGINX_URL/host/$HOST/resolved")
echo "   $(find "$WWW/host" -name resolved | wc -l) files, $(wc -c < "$WWW/host/$HOST/resolved") bytes for $HOST"

# CPU time (user + system, in clock ticks) of the processes named by pid and of their children
cpu_ticks() {
  local t=0 p
  for p in "$@" $(pgrep -P "$(IFS=,; echo "$*")" || true); do
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}

# wrk_run NAME URL N PID: one wrk run into $OUT/wrk-NAME-N.txt; prints "req/s p99-ms cpu-us/req
# errors". CPU per request (the server's own, nginx's master and workers) depends far less on what
# else runs on the machine than req/s does.
wrk_run() {
  local f="$OUT/wrk-$1-$3.txt"
  local c0 c1 n
  c0=$(cpu_ticks "$4")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/hosts.lua" "$2" > "$f"
  c1=$(cpu_ticks "$4")
  n=$(awk '/requests in/ {print $1}' "$f")
  local q l errs cpu
  cpu=$(awk -v c=$((c1 - c0)) -v t="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.1f", c / t * 1e6 / n}')
  q=$(awk '/Requests\/sec/ {print $2}' "$f")
  l=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$f")
  errs=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$f")
  echo "$q $l $cpu $errs"
}

NAMES=(server)
declare -A URLS=([server]=$URL [baseline]=$BASE_URL [nginx]=$NGINX_URL)
declare -A PIDS=([server]=$PID [baseline]=$BASE_PID [nginx]=$NGINX_PID)
[ -z "$BASELINE_JAR" ] || NAMES+=(baseline)
NAMES+=(nginx)
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION over all 10,000 hosts: ${NAMES[*]}, interleaved"
for n in "${NAMES[@]}"; do   # warm-up: JIT, every body cached, nginx's page cache
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$OUT/hosts.lua" "${URLS[$n]}" >/dev/null
done
declare -A RPS P99 CPU
for r in $(seq "$RUNS"); do
  for n in "${NAMES[@]}"; do
    if [ -n "$JFR" ] && [ "$n" = server ] && [ "$r" = 1 ]; then
      jcmd "$PID" JFR.start name=bench settings=profile filename="$OUT/server.jfr" >/dev/null
    fi
    read -r q l c errs < <(wrk_run "$n" "${URLS[$n]}" "$r" "${PIDS[$n]}")
    if [ -n "$JFR" ] && [ "$n" = server ] && [ "$r" = 1 ]; then
      jcmd "$PID" JFR.stop name=bench >/dev/null
    fi
    RPS[$n]+="$q "; P99[$n]+="$l "; CPU[$n]+="$c "
    printf '   run %s %-8s %9s req/s, p99 %6s ms, %5s us CPU/req %s\n' "$r" "$n" "$q" "$l" "$c" "$errs"
  done
done
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
RSS_MB=$(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 ))
echo "   RSS after load: $RSS_MB MB"

if [ -z "$ONLY_WRK" ]; then
  echo "== commit one host, POST /refresh, until the new answer is served"
  lat=()
  for r in $(seq "$RUNS"); do
    printf 'colo: colo02\nhostclass: hc042\nversion: 3\nparams:\n  rack: r2\n  serial: SN%07d\n' "$((9000000 + r))" \
      > "$REPO/host/$HOST.yml"
    git -C "$REPO" commit -qam "bench: $HOST serial $r"
    t0=$(now_ms)
    curl -fs -o /dev/null -X POST "$URL/refresh"
    until curl -fs "$URL/host/$HOST/resolved" | grep -q "SN$((9000000 + r))"; do sleep 0.005; done
    t=$(( $(now_ms) - t0 )); lat+=("$t"); echo "   run $r: $t ms"
  done
  REFRESH_MS=$(printf '%s\n' "${lat[@]}" | median)
fi

RPS_S=$(med "${RPS[server]}"); P99_S=$(med "${P99[server]}")
RPS_N=$(med "${RPS[nginx]}"); P99_N=$(med "${P99[nginx]}")
echo
echo "load average at the end (other work on the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(free -g | awk '/Mem/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1)"
echo "cold start to first answer (10,000 hosts): $START_MS ms (median of $RUNS)"
echo "  the same with an AppCDS archive:         $CDS_START_MS ms (median of $RUNS)"
echo "RSS after load:                            $RSS_MB MB"
echo "commit + POST /refresh to new answer:      $REFRESH_MS ms (median of $RUNS)"
echo "GET /host/{h}/resolved throughput:         $RPS_S req/s (median of $RUNS x $DURATION, $CONNECTIONS connections)"
echo "GET /host/{h}/resolved p99 latency:        $P99_S ms"
echo "  server CPU per request:                  $(med "${CPU[server]}") us"
if [ -n "$BASELINE_JAR" ]; then
  echo "  baseline jar $BASELINE_JAR:  $(med "${RPS[baseline]}") req/s, p99 $(med "${P99[baseline]}") ms, $(med "${CPU[baseline]}") us CPU/req"
fi
echo "nginx, the same bytes from files:          $RPS_N req/s, p99 $P99_N ms, $(med "${CPU[nginx]}") us CPU/req"
echo "server / nginx:                            $(awk -v s="$RPS_S" -v n="$RPS_N" 'BEGIN {printf "%.0f", 100 * s / n}') %"

#!/usr/bin/env bash
# Config server benchmark: a generated repo of 10,000 hosts, 200 hostclasses x 5 versions, 20 colos.
# Prints cold start to first answer, RSS, commit-to-served latency after POST /refresh, and wrk
# throughput + p99 of GET /host/{h}/resolved. Medians of RUNS runs.
#   bench/server.sh            (RUNS=3 DURATION=10s CONNECTIONS=32 THREADS=2 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g}
OUT=bench/out/server
JAR=config-server/target/config-server.jar
rm -rf "$OUT" && mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi
[ -f "$JAR" ] || mvn -B -q -pl config-server -am package -DskipTests

. bench/lib/common.sh
now_ms() { date +%s%3N; }

echo "== generating repo (10,000 hosts, 200 hostclasses x 5 versions, 20 colos)"
REPO="$OUT/repo"
make_big_repo "$REPO"
echo "   $(git -C "$REPO" ls-files | wc -l) files"

PORT=${PORT:-18080}
URL="http://127.0.0.1:$PORT"
HOST=host04242.colo02
PID=
start_server() {
  java $JAVA_OPTS ${1:-} -jar "$JAR" --repo "$REPO" --bind 127.0.0.1 --port "$PORT" --poll 0 --cache-dir "$OUT/cache" \
    --packages-dir "$OUT/packages" 2>>"$OUT/server.log" &
  PID=$!
}
stop_server() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop_server EXIT

echo "== cold start to first answer of /host/$HOST/resolved"
starts=()
for r in $(seq "$RUNS"); do
  t0=$(now_ms); start_server
  until curl -fs -o /dev/null "$URL/host/$HOST/resolved"; do sleep 0.02; done
  t=$(( $(now_ms) - t0 )); starts+=("$t"); echo "   run $r: $t ms"
  [ "$r" = "$RUNS" ] || stop_server
done
START_MS=$(printf '%s\n' "${starts[@]}" | median)
stop_server

# The same with an AppCDS archive of the server's classes, as a production unit would run it
# (docs/multi-datacenter.md): one training run writes the archive, the timed runs map it.
echo "== cold start with an AppCDS archive (training run first)"
CDS="$OUT/config-server.jsa"
start_server "-XX:ArchiveClassesAtExit=$CDS"
until curl -fs -o /dev/null "$URL/host/$HOST/resolved"; do sleep 0.02; done
curl -fs -o /dev/null "$URL/host/$HOST/resolved?format=json"
stop_server
cds_starts=()
for r in $(seq "$RUNS"); do
  t0=$(now_ms); start_server "-XX:SharedArchiveFile=$CDS"
  until curl -fs -o /dev/null "$URL/host/$HOST/resolved"; do sleep 0.02; done
  t=$(( $(now_ms) - t0 )); cds_starts+=("$t"); echo "   run $r: $t ms"
  [ "$r" = "$RUNS" ] || stop_server
done
CDS_START_MS=$(printf '%s\n' "${cds_starts[@]}" | median)

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION over all 10,000 hosts"
cat > "$OUT/hosts.lua" <<'LUA'
local i = 0
request = function()
  i = (i + 7919) % 10000
  return wrk.format("GET", string.format("/host/host%05d.colo%02d/resolved", i, i % 20))
end
LUA
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$OUT/hosts.lua" "$URL" >/dev/null   # warm-up: JIT, every body cached
rps=(); p99=()
for r in $(seq "$RUNS"); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/hosts.lua" "$URL" > "$OUT/wrk-$r.txt"
  q=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$r.txt")
  l=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$OUT/wrk-$r.txt")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$r.txt")
  rps+=("$q"); p99+=("$l"); echo "   run $r: $q req/s, p99 $l ms ${errs}"
done
RPS=$(printf '%s\n' "${rps[@]}" | median)
P99=$(printf '%s\n' "${p99[@]}" | median)
RSS_MB=$(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 ))
echo "   RSS after load: $RSS_MB MB"

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

echo
echo "load average at the end (other work on the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(free -g | awk '/Mem/ {print $2}') GB RAM, $(java -version 2>&1 | head -1)"
echo "cold start to first answer (10,000 hosts): $START_MS ms (median of $RUNS)"
echo "  the same with an AppCDS archive:         $CDS_START_MS ms (median of $RUNS)"
echo "RSS after load:                            $RSS_MB MB"
echo "commit + POST /refresh to new answer:      $REFRESH_MS ms (median of $RUNS)"
echo "GET /host/{h}/resolved throughput:         $RPS req/s (median of $RUNS x $DURATION, $CONNECTIONS connections)"
echo "GET /host/{h}/resolved p99 latency:        $P99 ms"

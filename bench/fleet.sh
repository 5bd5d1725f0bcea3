#!/usr/bin/env bash
# Fleet benchmark (DESIGN §6): a generated repo of 10,000 hosts with one stored report each.
#  1. cold start of config-server.jar to the first 200 of GET /fleet (the reports are loaded);
#  2. wrk on GET /fleet (every host with its last report, ~5 MB of JSON) and on a filtered one: p99;
#  3. 10,000 reports POSTed in a burst by wrk: rate, and all of them stored (none lost);
#  4. the no-op roll with its drift check over a 2,000-file generation: wall time and the check's
#     own share (roll.log's drift_ms), in the same runs.
# Medians of RUNS runs.   bench/fleet.sh   (RUNS=3 DURATION=10s CONNECTIONS=4 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g}
OUT=bench/out/fleet
JAR=config-server/target/config-server.jar
ROLL_JAR=roll-agent/target/roll.jar
rm -rf "$OUT" && mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
[ -f "$JAR" ] && [ -f "$ROLL_JAR" ] || mvn -B -q -pl config-server,roll-agent -am package -DskipTests

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }
p99_of() { awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$1"; }

echo "== generating a repo of 10,000 hosts and one report per host"
REPO="$OUT/repo"; REPORTS="$OUT/reports"
git init -q -b main "$REPO"
python3 - "$REPO" "$REPORTS" <<'PY' | (cd "$REPO" && git fast-import --quiet)
import sys, os, json, random, time
random.seed(7)
repo, reports = sys.argv[1], sys.argv[2]
out = sys.stdout
files = []
for c in range(20):
    files.append((f"colo/colo{c:02d}.yml", f"params:\n  ntp_server: ntp.colo{c:02d}.example.com\n"))
for h in range(200):
    for v in range(1, 6):
        files.append((f"hostclass/hc{h:03d}/{v}.yml",
            f"packages:\n  production: [app{h:03d}-{v}.0.0, sysinfo-1.0.0]\n  failsafe: []\nparams:\n  listen_port: {8000 + h}\n"))
now = int(time.time() * 1000)
outcomes = ["converged"] * 8 + ["unchanged", "failed"]
for i in range(10000):
    host = f"host{i:05d}.colo{i % 20:02d}"
    files.append((f"host/{host}.yml", f"colo: colo{i % 20:02d}\nhostclass: hc{i % 200:03d}\nversion: {1 + i % 5}\n"))
    d = os.path.join(reports, host); os.makedirs(d, exist_ok=True)
    r = {"hostname": host, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
         "received": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
         "outcome": random.choice(outcomes), "revision": "0" * 40, "desired": "%064x" % i,
         "hostclass": f"hc{i % 200:03d}", "version": str(1 + i % 5), "generation": 7,
         "previous_generation": 6, "packages": [f"app{i % 200:03d}-1.0.0", "sysinfo-1.0.0"],
         "services_restarted": [], "duration_ms": 412, "roll_version": "roll 1.0.0"}
    with open(os.path.join(d, "%013d-%08x.json" % (now - 60000, i)), "w") as f:
        json.dump(r, f)
out.write("commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 14\ngenerated repo\n")
for path, text in files:
    b = text.encode()
    out.write(f"M 100644 inline {path}\ndata {len(b)}\n{text}\n")
out.write("\n")
PY
git -C "$REPO" checkout -q main
echo "   $(git -C "$REPO" ls-files | wc -l) files, $(find "$REPORTS" -name '*.json' | wc -l) reports"

PORT=${PORT:-18090}
URL="http://127.0.0.1:$PORT"
PID=
start_server() {
  java $JAVA_OPTS -jar "$JAR" --repo "$REPO" --bind 127.0.0.1 --port "$PORT" --poll 0 --cache-dir "$OUT/cache" \
    --packages-dir "$OUT/packages" --reports-dir "$REPORTS" 2>>"$OUT/server.log" &
  PID=$!
}
stop_server() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; }; }
trap stop_server EXIT

echo "== 1. cold start to the first answer of /fleet (10,000 hosts, 10,000 reports)"
starts=()
for r in $(seq "$RUNS"); do
  t0=$(now_ms); start_server
  until curl -fs -o /dev/null "$URL/fleet?format=json"; do sleep 0.02; done
  t=$(( $(now_ms) - t0 )); starts+=("$t"); echo "   run $r: $t ms"
  [ "$r" = "$RUNS" ] || stop_server
done
START_MS=$(printf '%s\n' "${starts[@]}" | median)
BYTES=$(curl -fs "$URL/fleet?format=json" | wc -c)
curl -fs "$URL/fleet?format=json" | python3 -c 'import json,sys; f=json.load(sys.stdin); print("   total", f["total"], "counts", f["counts"])'

echo "== 2. wrk -c$CONNECTIONS -d$DURATION on GET /fleet (JSON, $BYTES bytes) and /fleet?colo=colo03&state=failed"
wrk -t2 -c"$CONNECTIONS" -d5s "$URL/fleet?format=json" >/dev/null   # warm-up: JIT
p99=(); rps=(); fp99=()
for r in $(seq "$RUNS"); do
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/fleet?format=json" > "$OUT/wrk-fleet-$r.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/fleet?format=json&colo=colo03&state=failed" > "$OUT/wrk-filter-$r.txt"
  p99+=("$(p99_of "$OUT/wrk-fleet-$r.txt")"); fp99+=("$(p99_of "$OUT/wrk-filter-$r.txt")")
  rps+=("$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-fleet-$r.txt")")
  echo "   run $r: /fleet p99 ${p99[-1]} ms (${rps[-1]} req/s), filtered p99 ${fp99[-1]} ms"
done
P99=$(printf '%s\n' "${p99[@]}" | median); FP99=$(printf '%s\n' "${fp99[@]}" | median); RPS=$(printf '%s\n' "${rps[@]}" | median)

echo "== 3. 10,000 reports POSTed in a burst (wrk -t2 -c16, one report per host)"
# thread t posts hosts t, t+2, t+4, ...; it stops once its half has been answered (requests still
# in flight then wrap around to the first hosts: a second report for a few of them)
T=2
cat > "$OUT/post.lua" <<LUA
local counter = 0
local threads = {}
function setup(thread) thread:set("id", counter); counter = counter + 1; table.insert(threads, thread) end
function init(args) i = id; answered = 0; created = 0 end
request = function()
  local n = i % 10000
  local h = string.format("host%05d.colo%02d", n, n % 20)
  i = i + $T
  local body = string.format('{"hostname":"%s","time":"2026-01-01T00:00:00Z","outcome":"converged","desired":"x","generation":8,"duration_ms":300}', h)
  return wrk.format("POST", "/host/" .. h .. "/report", {["Content-Type"]="application/json"}, body)
end
response = function(status)
  answered = answered + 1
  if status == 201 then created = created + 1 end
  if answered >= 10000 / $T then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local c = 0
  for _, t in ipairs(threads) do c = c + t:get("created") end
  print("created " .. c)
end
LUA
before=$(find "$REPORTS" -name '*.json' | wc -l)
wrk -t$T -c16 -d120s "$URL" -s "$OUT/post.lua" > "$OUT/wrk-post.txt"
after=$(find "$REPORTS" -name '*.json' | wc -l)
STORED=$((after - before))
CREATED=$(awk '/^created/ {print $2}' "$OUT/wrk-post.txt")
POST_RPS=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-post.txt")
POST_P99=$(p99_of "$OUT/wrk-post.txt")
BEHIND=$(curl -fs "$URL/fleet?format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["behind"])')
echo "   $CREATED answered 201, $STORED new report files (wrk: $POST_RPS req/s); /fleet now counts $BEHIND behind"
stop_server

echo "== 4. no-op roll with the drift check, over a generation of 2,000 files"
W=$OUT/roll; mkdir -p "$W/src/bigtree/.roller" "$W/repo/colo" "$W/repo/hostclass/bench" "$W/repo/host" "$W/root"
for d in $(seq 20); do mkdir -p "$W/src/bigtree/share/bigtree/d$d"; for f in $(seq 100); do echo "file $d/$f" > "$W/src/bigtree/share/bigtree/d$d/f$f.txt"; done; done
printf 'services: []\n' > "$W/src/bigtree/.roller/package.yml"
java -jar "$ROLL_JAR" package "$W/src/bigtree" --name bigtree --version 1 -o "$W/bigtree-1.tar.gz" >/dev/null
printf 'params: {}\n' > "$W/repo/colo/nyc1.yml"
printf 'packages:\n  production: [bigtree-1]\n' > "$W/repo/hostclass/bench/1.yml"
printf 'colo: nyc1\nhostclass: bench\nversion: 1\n' > "$W/repo/host/bench01.nyc1.yml"
git -C "$W/repo" init -q -b main && git -C "$W/repo" add -A && git -C "$W/repo" -c user.name=b -c user.email=b@x commit -qm init
echo tok > "$W/token"
java -jar "$JAR" --repo "$W/repo" --bind 127.0.0.1 --port "$PORT" --poll 0 --cache-dir "$W/cache" \
  --packages-dir "$W/store" --upload-token-file "$W/token" --reports-dir "$W/reports" 2>>"$OUT/server.log" &
PID=$!
until curl -fs -o /dev/null "$URL/healthz"; do sleep 0.05; done
curl -fs -o /dev/null -X PUT -H "Authorization: Bearer tok" --data-binary @"$W/bigtree-1.tar.gz" "$URL/package/bigtree/1.tar.gz"
roll() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar "$ROLL_JAR" --server "$URL" --hostname bench01.nyc1 --root "$W/root" "$@"; }
roll > /dev/null 2>&1
walls=(); drifts=(); inner=()
for r in $(seq $((RUNS * 3))); do
  t0=$(now_ms); roll --quiet > /dev/null; t=$(( $(now_ms) - t0 ))
  line=$(tail -1 "$W/root/var/log/roller/roll.log")
  d=$(sed -n 's/.* drift_ms=\([0-9]*\).*/\1/p' <<<"$line"); tot=$(sed -n 's/.* total_ms=\([0-9]*\).*/\1/p' <<<"$line")
  walls+=("$t"); drifts+=("$d"); inner+=("$tot")
done
WALL=$(printf '%s\n' "${walls[@]}" | median); DRIFT=$(printf '%s\n' "${drifts[@]}" | median); INNER=$(printf '%s\n' "${inner[@]}" | median)
FILES=$(wc -l < "$W/root/var/lib/roller/inventory/1")
echo "   no-op wall $WALL ms, inside roll $INNER ms, drift check $DRIFT ms over $FILES paths (medians of $((RUNS * 3)))"
stop_server

SHARE=$(awk -v d="$DRIFT" -v w="$WALL" 'BEGIN {printf "%.1f", 100 * d / (w - d)}')
echo
echo "load average at the end (other work on the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(java -version 2>&1 | head -1)"
echo "cold start to first /fleet (10,000 hosts + reports): $START_MS ms (median of $RUNS)"
echo "GET /fleet p99 (JSON, $BYTES bytes, warm):          $P99 ms ($RPS req/s, $CONNECTIONS connections)"
echo "GET /fleet?colo=&state= p99:                         $FP99 ms"
echo "10,000 reports in a burst:                           $CREATED answered 201, $STORED stored, $POST_RPS req/s"
echo "no-op roll wall / drift check:                       $WALL ms / $DRIFT ms ($SHARE% over the roll without it)"

#!/usr/bin/env bash
# Web UI benchmark: the 10,000-host repo of bench/server.sh (200 hostclasses x 5 versions, 20
# colos) plus a few commits (a host, a colo, a hostclass version) and reports of 2,000 hosts. Prints
# the median server time of each page once warm (curl's time to the last byte over loopback, after
# WARM requests of that page). Goal: every page under 100 ms.
#   bench/webui.sh            (RUNS=20 WARM=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
WARM=${WARM:-5}
REPORTS=${REPORTS:-2000}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g}
OUT=bench/out/webui
JAR=config-server/target/config-server.jar
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f "$JAR" ] || mvn -B -q -pl config-server -am package -DskipTests

. bench/lib/common.sh

echo "== generating repo (the one of bench/server.sh)"
REPO="$OUT/repo"
make_big_repo "$REPO"
HOST=host04242.colo02
FIRST=$(git -C "$REPO" rev-parse HEAD)
printf 'colo: colo02\nhostclass: hc042\nversion: 3\nparams:\n  rack: r2\n  serial: SN0004242\n  heap_mb: 4096\n' > "$REPO/host/$HOST.yml"
git -C "$REPO" commit -qam "$HOST: 4 GB heap"
sed -i 's/ntp.colo02/ntp2.colo02/' "$REPO/colo/colo02.yml"
git -C "$REPO" commit -qam "colo02: new NTP server (500 hosts)"
sed -i 's/workers: 6/workers: 8/' "$REPO/hostclass/hc042/3.yml"
git -C "$REPO" commit -qam "hc042 v3: 8 workers"
HEAD=$(git -C "$REPO" rev-parse HEAD)

PORT=${PORT:-18081}
URL="http://127.0.0.1:$PORT"
java $JAVA_OPTS -jar "$JAR" --repo "$REPO" --bind 127.0.0.1 --port "$PORT" --poll 0 --cache-dir "$OUT/cache" \
  --packages-dir "$OUT/packages" --reports-dir "$OUT/reports" 2>>"$OUT/server.log" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "$URL/healthz"; do sleep 0.1; done

echo "== posting $REPORTS reports (as rolls would)"
python3 - "$URL" "$REPORTS" <<'PY'
import sys, json, urllib.request, datetime
url, n = sys.argv[1], int(sys.argv[2])
now = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
for i in range(0, 10000, max(1, 10000 // n)):
    h = f"host{i:05d}.colo{i % 20:02d}"
    r = json.load(urllib.request.urlopen(f"{url}/host/{h}/resolved?format=json"))
    outcome = "failed" if i % 97 == 0 else "converged"
    rep = {"hostname": h, "time": now, "outcome": outcome, "revision": r["revision"],
           "desired": r["desired"] if i % 13 else "0" * 64, "hostclass": r["hostclass"],
           "version": r["version"], "generation": 4, "duration_ms": 1000 + i % 3000,
           "roll_version": "roll 1.0.0"}
    if outcome == "failed":
        rep.update(failed_step="start", reason="service did not start")
    req = urllib.request.Request(f"{url}/host/{h}/report", json.dumps(rep).encode(),
                                 {"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY

PAGES=(
  "/ui/"
  "/ui/?state=failed"
  "/ui/?colo=colo02&hostclass=hc042"
  "/ui/?q=host0424"
  "/ui/?page=50"
  "/ui/host/$HOST"
  "/ui/file/host/$HOST.yml"
  "/ui/commit/$HEAD"
  "/ui/log"
  "/ui/impact?from=$FIRST&to=$HEAD"
  "/ui/hostclass/hc042"
  "/ui/colo/colo02"
  "/ui/package/app042"
  "/ui/package/nginx"
)
echo "== page times once warm (median of $RUNS after $WARM)"
printf '%-45s %8s %10s %9s\n' page cold_ms median_ms kB
for p in "${PAGES[@]}"; do
  cold=$(curl -fs -o /dev/null -w '%{time_total}' "$URL$p" | awk '{printf "%.1f", $1*1000}')
  for _ in $(seq "$WARM"); do curl -fs -o /dev/null "$URL$p"; done
  times=()
  for _ in $(seq "$RUNS"); do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' "$URL$p" | awk '{printf "%.2f", $1*1000}')")
  done
  kb=$(curl -fs "$URL$p" | wc -c | awk '{printf "%.0f", $1/1024}')
  shown=${p//$HEAD/HEAD}; shown=${shown//$FIRST/FIRST}
  printf '%-45s %8s %10s %9s\n' "$shown" "$cold" "$(printf '%s\n' "${times[@]}" | median)" "$kb"
done
echo
echo "load average at the end (other work on the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(java -version 2>&1 | head -1)"

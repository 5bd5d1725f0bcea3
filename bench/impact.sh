#!/usr/bin/env bash
# GET /impact benchmark on the 10,000-host repo of bench/server.sh (same generator, same seed):
#   colo     a colo param change (colo/colo00.yml: ntp_server), touching 500 hosts
#   hostclass a hostclass change (nginx 1.25.1 -> 1.25.9 in every hostclass/*/1.yml), 2,000 hosts
#   render   the colo branch with render=true: 500 hosts' templates from stored packages
# Each run starts a fresh server (cold: nothing cached, the branch not yet loaded), times the
# first answer, then the cached answer (median of 20). Medians of RUNS runs.
#   bench/impact.sh            (RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g}
OUT=bench/out/impact
JAR=config-server/target/config-server.jar
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f "$JAR" ] || mvn -B -q -pl config-server -am package -DskipTests

. bench/lib/common.sh

echo "== generating repo (10,000 hosts, 200 hostclasses x 5 versions, 20 colos) and two branches"
REPO="$OUT/repo"
make_big_repo "$REPO"
git -C "$REPO" checkout -q -b colo
sed -i 's/ntp.colo00.example.com/ntp.example.com/' "$REPO/colo/colo00.yml"
git -C "$REPO" commit -qam "colo00: one ntp server"
git -C "$REPO" checkout -q main
git -C "$REPO" checkout -q -b hostclass
sed -i 's/nginx-1.25.1,/nginx-1.25.9,/' "$REPO"/hostclass/*/1.yml
git -C "$REPO" commit -qam "every hostclass version 1: nginx 1.25.9"
git -C "$REPO" checkout -q main

echo "== packages of the hosts on version 1 (40 apps, nginx, sysinfo, foreman), each with a service and templates"
PKGS="$OUT/tarballs"
python3 - "$PKGS" <<'PY'
import io, os, sys, tarfile
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
names = [f"app{h:03d}-1.0.0" for h in range(0, 200, 5)] + ["nginx-1.25.1", "nginx-1.25.9", "sysinfo-1.0.0", "foreman-1.0.0"]
def add(t, path, text, mode=0o644):
    b = text.encode()
    i = tarfile.TarInfo(path); i.size = len(b); i.mode = mode
    t.addfile(i, io.BytesIO(b))
for ref in names:
    name = ref.rsplit("-", 1)[0]
    with tarfile.open(f"{out}/{ref}.tar.gz", "w:gz", format=tarfile.PAX_FORMAT) as t:
        add(t, ".roller/package.yml", f"services:\n  - name: {name}\n    start: bin/{name} start\n    stop: bin/{name} stop\n")
        add(t, f"bin/{name}", "#!/bin/sh\nexit 0\n", 0o755)
        add(t, f"etc/{name}/{name}.conf.tmpl",
            "# {{ roller.hostname }} in {{ roller.colo }} ({{ roller.hostclass }} {{ roller.version }})\n"
            "listen {{ listen_port }}\nworkers {{ workers }}\nheap {{ heap_mb }}m\n"
            "{% for s in dns %}nameserver {{ s }}\n{% endfor %}ntp {{ ntp_server }}\nsyslog {{ syslog_host }}\n"
            "rack {{ rack }} serial {{ serial }}\n")
        add(t, f"etc/{name}/motd.tmpl", "{{ greeting }} on {{ roller.hostname }}\n")
PY

PORT=${PORT:-18081}
URL="http://127.0.0.1:$PORT"
TOKEN="$OUT/token"; echo bench-token > "$TOKEN"
PID=
start_server() {
  java $JAVA_OPTS -jar "$JAR" --repo "$REPO" --bind 127.0.0.1 --port "$PORT" --poll 0 --cache-dir "$OUT/cache" \
    --packages-dir "$OUT/packages" --reports-dir "$OUT/reports" --upload-token-file "$TOKEN" 2>>"$OUT/server.log" &
  PID=$!
  until curl -fs -o /dev/null "$URL/healthz"; do sleep 0.05; done
}
stop_server() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop_server EXIT

start_server
for f in "$PKGS"/*.tar.gz; do
  ref=$(basename "$f" .tar.gz); name=${ref%-*}; version=${ref##*-}
  curl -fs -o /dev/null -X PUT -H "Authorization: Bearer bench-token" --data-binary "@$f" "$URL/package/$name/$version.tar.gz"
done
stop_server

ms() { curl -fs -o "$OUT/answer.json" -w '%{time_total}\n' -H 'Accept: application/json' "$URL$1" | awk '{printf "%.1f\n", $1 * 1000}'; }
declare -A COLD CACHED CPU
for q in "colo:/impact?to=colo" "hostclass:/impact?to=hostclass" "render:/impact?to=colo&render=true"; do
  name=${q%%:*}; path=${q#*:}
  cold=(); cached=(); cpus=()
  for r in $(seq "$RUNS"); do
    start_server
    c=$(ms "$path"); cold+=("$c")
    changed=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); t=a["totals"]; print(t["changed"], "changed,", t["render_failures"], "render failures,", len(a["changed"]), "groups")' "$OUT/answer.json")
    w=(); for i in $(seq 20); do w+=("$(ms "$path")"); done
    m=$(printf '%s\n' "${w[@]}" | median); cached+=("$m")
    cpu=$(grep 'ImpactRoutes: impact' "$OUT/server.log" | tail -1 | sed 's/.*; \([0-9]*\) ms CPU.*/\1/')
    cpus+=("$cpu")
    echo "   $name run $r: cold $c ms ($cpu ms CPU of the request thread), cached $m ms ($changed)"
    stop_server
  done
  COLD[$name]=$(printf '%s\n' "${cold[@]}" | median)
  CACHED[$name]=$(printf '%s\n' "${cached[@]}" | median)
  CPU[$name]=$(printf '%s\n' "${cpus[@]}" | median)
done

echo
echo "load average at the end (other work on the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(java -version 2>&1 | head -1)"
echo "colo param change, 500 hosts:        cold ${COLD[colo]} ms (${CPU[colo]} ms CPU), cached ${CACHED[colo]} ms (medians of $RUNS)"
echo "hostclass change, 2,000 hosts:       cold ${COLD[hostclass]} ms (${CPU[hostclass]} ms CPU), cached ${CACHED[hostclass]} ms"
echo "colo change with render=true, 500:   cold ${COLD[render]} ms (${CPU[render]} ms CPU), cached ${CACHED[render]} ms"

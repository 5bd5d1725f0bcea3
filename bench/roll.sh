#!/usr/bin/env bash
# Benchmark of roll: a hostclass of 20 packages (~100 MB) rolled onto a blank root (packages not
# cached, then cached), a no-op roll, and a roll that changes one param, with the service downtime
# of that last roll measured by an outside prober (first failed probe to first good one).
# roll runs as an operator runs it: installed by `curl $SERVER/bootstrap | sh` from the bundle
# (jlink runtime + roll.jar + the CDS archive of its first roll) and started by its launcher.
# Also times plain `tar xzf` of the same tarballs into an empty directory, and prints the goals as
# ratios within this run: one-param roll / blank-root cached roll (<= 0.35), blank-root cached roll
# / tar xzf (<= 1.5), the quietest no-op roll (<= 250 ms), downtime - service start (<= 50 ms).
# Usage: bench/roll.sh [runs]   (default 5; prints medians). Needs java 17, python3, curl, git.
#   BASELINE_JAR=old/roll.jar bench/roll.sh   also times that jar the old way (`java -jar`, system
#   JDK) on the cached, no-op and one-param rolls, interleaved with the launcher, for a ratio.
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROLL_JAR=$HERE/roll-agent/target/roll.jar
BUNDLE=${BUNDLE:-$HERE/roll-agent/target/roll-bundle.tar.gz}   # BUNDLE=old/roll-bundle.tar.gz: bench an older agent
SERVER_JAR=$HERE/config-server/target/config-server.jar
BASELINE_JAR=${BASELINE_JAR:-}
if [ ! -f "$BUNDLE" ] || [ ! -f "$SERVER_JAR" ]; then
  (cd "$HERE" && mvn -B -q -pl config-server,roll-agent -am package -DskipTests)
fi
PY=$(python3 -c 'import sys; print(sys.executable)')   # the real interpreter, not a shim
W=$(mktemp -d /tmp/roll-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  for r in "$W"/root*; do [ -x "$r/usr/local/bin/benchweb" ] && ROLLER_ROOT=$r "$r/usr/local/bin/benchweb" stop || true; done
  [ -n "$SERVER_PID" ] && [ -z "${KEEP:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

WEB_PORT=$(free_port)
SERVER_PORT=$(free_port)
echo "bench: workdir $W" >&2

# --- the job of issue 14: 19 packages of 50 small files (~2 MB each) and benchweb, a python ------
# http.server service with 5 templates. JOB=blobs: the earlier job, 19 packages of one 5.2 MB
# file each (the figures in docs/BENCHMARKS.md before issue 14's rerun).
mkdir -p "$W/src" "$W/tarballs"
for i in $(seq -w 1 19); do
  d=$W/src/data$i; mkdir -p "$d/share/data$i"
  if [ "${JOB:-issue}" = blobs ]; then
    head -c 5200000 /dev/urandom > "$d/share/data$i/blob"
  else
    "$PY" -c 'import os,sys; [open("%s/part%02d" % (sys.argv[1], k), "wb").write(os.urandom(40000)) for k in range(49)]' "$d/share/data$i"
  fi
  echo "data $i" > "$d/share/data$i/README"
done
d=$W/src/benchweb; mkdir -p "$d/bin" "$d/share/benchweb" "$d/etc" "$d/.roller"
cat > "$d/bin/benchweb.tmpl" <<SH
#!/bin/sh
# rendered by roll: serves share/benchweb on port {{ port }}
pidf="\$ROLLER_ROOT/var/run/benchweb.pid"; mkdir -p "\$ROLLER_ROOT/var/run"
case "\$1" in
start) nohup $PY -m http.server --bind 127.0.0.1 --directory "\$PWD/share/benchweb" {{ port }} >/dev/null 2>&1 &
       echo \$! > "\$pidf" ;;
stop)  if [ -f "\$pidf" ]; then kill "\$(cat "\$pidf")" 2>/dev/null; rm -f "\$pidf"; fi ;;
status) curl -sf -o /dev/null http://127.0.0.1:{{ port }}/ ;;
esac
SH
chmod 755 "$d/bin/benchweb.tmpl"
echo '<h1>{{ greeting }} from {{ roller.hostname }}</h1>' > "$d/share/benchweb/index.html.tmpl"
echo '<p>{{ roller.hostname }}, hostclass {{ roller.hostclass }} in {{ roller.colo }}</p>' > "$d/share/benchweb/about.html.tmpl"
printf 'port={{ port }}\nworkers={{ workers }}\n' > "$d/etc/benchweb.conf.tmpl"
printf '{%% for ns in dns %%}nameserver {{ ns }}\n{%% endfor %%}' > "$d/etc/resolv.conf.tmpl"
cat > "$d/.roller/package.yml" <<YML
services:
  - name: benchweb
    start: bin/benchweb start
    stop: bin/benchweb stop
    check: bin/benchweb status
    timeout: 10s
YML
for p in "$W"/src/*; do
  n=$(basename "$p")
  java -jar "$ROLL_JAR" package "$p" --name "$n" --version 1 -o "$W/tarballs/$n-1.tar.gz" >/dev/null
done
PKGS=$(cd "$W/tarballs" && ls | sed 's/\.tar\.gz$//' | paste -sd, - | sed 's/,/, /g')
MB=$(du -cm "$W"/tarballs/*.tar.gz | tail -1 | cut -f1)

# --- config repo and the real config server ----------------------------------------------------
mkdir -p "$W/repo/colo" "$W/repo/hostclass/bench" "$W/repo/host"
printf 'params:\n  dns: [10.1.0.2]\n' > "$W/repo/colo/nyc1.yml"
printf 'packages:\n  production: [%s]\n  failsafe: [benchweb-1]\nparams:\n  port: %s\n  workers: 4\n' "$PKGS" "$WEB_PORT" \
  > "$W/repo/hostclass/bench/1.yml"
host_file() { printf 'colo: nyc1\nhostclass: bench\nversion: 1\nparams:\n  greeting: %s\n' "$1" > "$W/repo/host/bench01.nyc1.yml"; }
host_file hello0
git -C "$W/repo" init -q -b main && git -C "$W/repo" add -A && git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qm init
echo bench-token > "$W/token"
java -jar "$SERVER_JAR" --repo "$W/repo" --bind 127.0.0.1 --port "$SERVER_PORT" --poll 0s \
  --packages-dir "$W/store" --reports-dir "$W/reports" --upload-token-file "$W/token" --agent-bundle "$BUNDLE" > "$W/server.log" 2>&1 &
SERVER_PID=$!
S=http://127.0.0.1:$SERVER_PORT
for _ in $(seq 100); do curl -sf "$S/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
for t in "$W"/tarballs/*.tar.gz; do
  b=$(basename "$t" .tar.gz); n=${b%-*}; v=${b##*-}
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer bench-token" --data-binary @"$t" "$S/package/$n/$v.tar.gz"
done

stop_service() { ROLLER_ROOT=$1 "$1/usr/local/bin/benchweb" stop; }

# --- the agent, installed the operator's way (its first roll records roll.jsa) ------------------
mkdir -p "$W/agent-host"
curl -fsS "$S/bootstrap" | ROLLER_ROOT=$W/agent-host ROLLER_HOSTNAME=bench01.nyc1 sh > /dev/null 2> "$W/bootstrap.log" \
  || { cat "$W/bootstrap.log" >&2; exit 1; }
stop_service "$W/agent-host"
ROLL=$W/agent-host/usr/sbin/roll

roll() { "$ROLL" --server "$S" --hostname bench01.nyc1 --json "$@"; }
old_roll() { java -jar "$BASELINE_JAR" --server "$S" --hostname bench01.nyc1 --json "$@"; }
timed() { # prints wall ms of "$@"; fails the bench if it fails
  local t0 t1; t0=$(now_ms); "$@" > "$W/last.json" 2>"$W/last.err" || { cat "$W/last.err" >&2; exit 1; }; t1=$(now_ms)
  echo $((t1 - t0))
}
timed_roll() { timed roll "$@"; }
STEPS='import json,sys; t=json.load(sys.stdin)["timings_ms"]; print(" ".join("%s=%s" % kv for kv in t.items()))' 

# --- 1. blank root, packages not cached; 2. blank root, packages cached --------------------------
: > "$W/uncached"; : > "$W/cached"; : > "$W/cached-steps"; : > "$W/old-cached"
for i in $(seq "$RUNS"); do
  r=$W/root-u$i; mkdir -p "$r"
  timed_roll --root "$r" >> "$W/uncached"; stop_service "$r"
  [ -d "$W/cache" ] || cp -r "$r/var/lib/roller/packages" "$W/cache"
  rm -rf "$r"
done
for i in $(seq "$RUNS"); do
  r=$W/root-c$i; mkdir -p "$r/var/lib/roller"
  cp -r "$W/cache" "$r/var/lib/roller/packages"
  timed_roll --root "$r" >> "$W/cached"; stop_service "$r"; rm -rf "$r"
  "$PY" -c "$STEPS" < "$W/last.json" >> "$W/cached-steps"
  if [ -n "$BASELINE_JAR" ]; then
    mkdir -p "$r/var/lib/roller"; cp -r "$W/cache" "$r/var/lib/roller/packages"
    timed old_roll --root "$r" >> "$W/old-cached"; stop_service "$r"; rm -rf "$r"
  fi
done

# --- plain tar xzf of the same tarballs into an empty directory, for the blank-root goal ----------
: > "$W/tar"
for i in $(seq "$RUNS"); do
  d=$W/tar-x$i; mkdir -p "$d"; sync
  t0=$(now_ms); for t in "$W"/tarballs/*.tar.gz; do tar xzf "$t" -C "$d"; done; t1=$(now_ms)
  echo $((t1 - t0)) >> "$W/tar"; rm -rf "$d"
done

# --- 3. no-op rolls; 4. one param changed, with an outside prober on the service -----------------
R=$W/root; mkdir -p "$R"; roll --root "$R" > /dev/null
: > "$W/noop"; : > "$W/param"; : > "$W/param-steps"; : > "$W/down"; : > "$W/old-noop"; : > "$W/old-param"
for i in $(seq "$RUNS"); do
  timed_roll --root "$R" >> "$W/noop"
  [ -z "$BASELINE_JAR" ] || timed old_roll --root "$R" >> "$W/old-noop"
done
NOOP_INNER=$(roll --root "$R" | "$PY" -c 'import json,sys; t=json.load(sys.stdin)["timings_ms"]; print(" ".join("%s=%s" % kv for kv in t.items()))')
cat > "$W/probe.py" <<'PY'
import socket, sys, time, signal
port = int(sys.argv[1]); stop = False; down_at = None; worst = 0.0
def done(*_):
    global stop; stop = True
signal.signal(signal.SIGTERM, done)
while not stop:
    t = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=0.5)
        s.sendall(b"GET / HTTP/1.0\r\n\r\n"); ok = s.recv(12).startswith(b"HTTP/1.0 200"); s.close()
    except OSError:
        ok = False
    if not ok and down_at is None: down_at = t
    if ok and down_at is not None: worst = max(worst, t - down_at); down_at = None
    time.sleep(0.001)
print(int(worst * 1000))
PY
# The timed one-param rolls run without the prober, which polls every millisecond and would take
# CPU from the roll that the blank-root rolls it is compared with do not lose; the downtime is
# measured on as many rolls again, each with the prober.
for i in $(seq "$RUNS"); do
  host_file "hello$i"; git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qam "greeting $i"
  curl -sf -o /dev/null -X POST "$S/refresh"
  timed_roll --root "$R" >> "$W/param"
  "$PY" -c "$STEPS" < "$W/last.json" >> "$W/param-steps"
  host_file "hello-probed$i"; git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qam "greeting probed $i"
  curl -sf -o /dev/null -X POST "$S/refresh"
  "$PY" "$W/probe.py" "$WEB_PORT" > "$W/probe.out" & PROBE=$!
  sleep 0.3
  roll --root "$R" > /dev/null
  sleep 0.2; kill -TERM $PROBE; wait $PROBE || true
  cat "$W/probe.out" >> "$W/down"
  if [ -n "$BASELINE_JAR" ]; then
    host_file "hello-old$i"; git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qam "greeting old $i"
    curl -sf -o /dev/null -X POST "$S/refresh"
    timed old_roll --root "$R" >> "$W/old-param"
  fi
done
stop_service "$R"

# --- the service's own start time: launch to first good answer, outside roll ---------------------
cat > "$W/start.py" <<'PY'
import socket, subprocess, sys, time, statistics
py, port, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]); out = []
for _ in range(runs):
    t = time.monotonic()
    p = subprocess.Popen([py, "-m", "http.server", "--bind", "127.0.0.1", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close(); break
        except OSError:
            time.sleep(0.001)
    out.append((time.monotonic() - t) * 1000); p.terminate(); p.wait()
print(int(statistics.median(out)))
PY
SVC_START=$("$PY" "$W/start.py" "$PY" "$(free_port)" "$RUNS")

# --- 5. the peer: puppet apply of the same job (the same files from the package sources, the 5
# templates as EPP, the service with puppet's base provider), blank root, no-op and one param ---
PUPPET_RAN=""
if [ "${PUPPET:-1}" != 0 ] && command -v puppet >/dev/null; then
  PP=$W/puppet; PPORT=$(free_port); mkdir -p "$PP/templates"
  cat > "$PP/templates/benchweb.epp" <<'EPP'
#!/bin/sh
pidf="<%= $root %>/var/run/benchweb.pid"; mkdir -p "<%= $root %>/var/run"
case "$1" in
start) cd "<%= $root %>/usr/local" && nohup <%= $py %> -m http.server --bind 127.0.0.1 --directory share/benchweb <%= $port %> >/dev/null 2>&1 &
       echo $! > "$pidf" ;;
stop)  if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null; rm -f "$pidf"; fi ;;
status) curl -sf -o /dev/null http://127.0.0.1:<%= $port %>/ ;;
esac
EPP
  echo '<h1><%= $greeting %> from <%= $hostname %></h1>' > "$PP/templates/index.html.epp"
  echo '<p><%= $hostname %>, hostclass <%= $hostclass %> in <%= $colo %></p>' > "$PP/templates/about.html.epp"
  printf 'port=<%%= $port %%>\nworkers=<%%= $workers %%>\n' > "$PP/templates/benchweb.conf.epp"
  printf '<%% $dns.each |$ns| { -%%>\nnameserver <%%= $ns %%>\n<%% } -%%>\n' > "$PP/templates/resolv.conf.epp"
  manifest() { # $1 root, $2 greeting
    local i t; {
      echo "\$root = '$1'"
      echo "\$p = {root => \$root, py => '$PY', port => $PPORT, workers => 4, greeting => '$2', dns => ['10.1.0.2'], hostname => 'bench01.nyc1', hostclass => 'bench', colo => 'nyc1'}"
      echo "file { [\$root, \"\$root/usr\", \"\$root/usr/local\", \"\$root/usr/local/bin\", \"\$root/usr/local/etc\", \"\$root/usr/local/share\", \"\$root/usr/local/share/benchweb\"]: ensure => directory }"
      for i in $(seq -w 1 19); do
        echo "file { \"\$root/usr/local/share/data$i\": ensure => directory, recurse => true, source => 'file://$W/src/data$i/share/data$i', before => Service['benchweb'] }"
      done
      for t in bin/benchweb:benchweb share/benchweb/index.html:index.html share/benchweb/about.html:about.html etc/benchweb.conf:benchweb.conf etc/resolv.conf:resolv.conf; do
        echo "file { \"\$root/usr/local/${t%%:*}\": mode => '0755', content => inline_epp(file('$PP/templates/${t#*:}.epp'), \$p), notify => Service['benchweb'] }"
      done
      echo "service { 'benchweb': ensure => running, provider => base, start => \"\$root/usr/local/bin/benchweb start\", stop => \"\$root/usr/local/bin/benchweb stop\", status => \"\$root/usr/local/bin/benchweb status\" }"
    } > "$PP/site.pp"
  }
  papply() { # --detailed-exitcodes: 0 nothing changed, 2 changes; anything else failed
    local rc=0; puppet apply --detailed-exitcodes --confdir "$PP/conf" --vardir "$PP/var" --codedir "$PP/code" \
      "$PP/site.pp" > "$PP/last.out" 2>&1 || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 2 ] || { cat "$PP/last.out" >&2; exit 1; }
  }
  pstop() { "$1/usr/local/bin/benchweb" stop || true; }
  : > "$W/p-blank"; : > "$W/p-noop"; : > "$W/p-param"
  for i in $(seq "$RUNS"); do
    manifest "$W/puppet-root$i" hello0; timed papply >> "$W/p-blank"; pstop "$W/puppet-root$i"; rm -rf "$W/puppet-root$i"
  done
  PR=$W/puppet-root; manifest "$PR" hello0; papply
  for i in $(seq "$RUNS"); do timed papply >> "$W/p-noop"; done
  for i in $(seq "$RUNS"); do manifest "$PR" "hello$i"; timed papply >> "$W/p-param"; done
  pstop "$PR"; PUPPET_RAN=1
fi

echo
echo "roll bench: 20 packages, $MB MB of tarballs; $RUNS runs each; medians; wall time includes JVM start"
echo "  blank root, packages not cached : $(median < "$W/uncached") ms"
echo "  blank root, packages cached     : $(median < "$W/cached") ms   (steps of the last: $(tail -1 "$W/cached-steps"))"
echo "  plain tar xzf of the tarballs    : $(median < "$W/tar") ms   (into an empty dir, one tar per tarball)"
echo "  no-op roll                      : $(median < "$W/noop") ms   (quietest $(sort -n "$W/noop" | head -1) ms; roll's steps: $NOOP_INNER; drift runs beside fetch and check)"
echo "  one param changed               : $(median < "$W/param") ms   (steps of the last: $(tail -1 "$W/param-steps"))"
echo "  service downtime (prober)       : $(median < "$W/down") ms   (max $(sort -n "$W/down" | tail -1) ms)"
echo "  service's own start time        : $SVC_START ms   (python3 -m http.server, launch to first answer)"
ratio() { "$PY" -c "import sys; print('%.*f' % (int(sys.argv[3]), float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2" "${3:-2}"; }  # [digits]
verdict() { "$PY" -c "import sys; print('met' if float(sys.argv[1]) <= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }
P=$(median < "$W/param"); C=$(median < "$W/cached"); T=$(median < "$W/tar"); Q=$(sort -n "$W/noop" | head -1)
D=$(median < "$W/down"); G1=$(ratio "$P" "$C"); G2=$(ratio "$C" "$T"); G4=$((D - SVC_START))
echo "  goals:"
echo "    one-param / blank-root cached  : $G1   (goal <= 0.35: $(verdict "$G1" 0.35))"
echo "    blank-root cached / tar xzf    : $G2   (goal <= 1.5: $(verdict "$G2" 1.5))"
echo "    quietest no-op roll            : $Q ms   (goal <= 250 ms: $(verdict "$Q" 250))"
echo "    downtime - own start time      : $G4 ms   (goal <= 50 ms: $(verdict "$G4" 50))"
if [ -n "$BASELINE_JAR" ]; then
  for k in cached noop param; do
    old=$(median < "$W/old-$k"); new=$(median < "$W/$k")
    echo "  baseline java -jar $(basename "$BASELINE_JAR"), $k: $old ms   (launcher $new ms, $(ratio "$old" "$new" 1)x faster)"
  done
fi
if [ -n "$PUPPET_RAN" ]; then
  echo "  peer: puppet apply $(puppet --version) of the same job (files from the package sources, EPP templates, base service):"
  for k in blank:cached noop:noop param:param; do
    old=$(median < "$W/p-${k%%:*}"); new=$(median < "$W/${k#*:}")
    echo "    $(printf '%-6s' "${k%%:*}") : $old ms   (roll $new ms: puppet $(ratio "$old" "$new" 1)x slower)"
  done
fi
echo "  machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)"

#!/usr/bin/env bash
# Benchmark of secret params: a host whose template reads 100 secret params (age, X25519, decrypted
# by roll with its identity) against the same host with the same 100 params in plaintext, in the
# same run, interleaved. Each round times, for both hosts: a roll onto a blank root with the
# package cached, and a roll after a param change (re-render; with secrets, decrypt all 100 again).
# Usage: bench/secrets.sh [runs]   (default 7; prints medians and the ratio). Needs java 17,
# python3, curl, git and the age CLI (Debian's age package).
set -euo pipefail
RUNS=${1:-7}
N=${N:-100}
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROLL_JAR=$HERE/roll-agent/target/roll.jar
SERVER_JAR=$HERE/config-server/target/config-server.jar
if [ ! -f "$ROLL_JAR" ] || [ ! -f "$SERVER_JAR" ]; then
  (cd "$HERE" && mvn -B -q -pl config-server,roll-agent -am package -DskipTests)
fi
command -v age >/dev/null || { echo "bench: needs the age CLI (apt-get install age)" >&2; exit 1; }
W=$(mktemp -d /tmp/secrets-bench.XXXXXX)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
echo "bench: workdir $W" >&2

# --- one package whose template prints every param ------------------------------------------------
mkdir -p "$W/src/etc"
for i in $(seq 1 "$N"); do echo "key$i={{ p$i }}"; done > "$W/src/etc/app.conf.tmpl"
echo 'gen={{ roller.generation }} rev={{ rev }}' >> "$W/src/etc/app.conf.tmpl"
java -jar "$ROLL_JAR" package "$W/src" --name app --version 1 -o "$W/app-1.tar.gz" >/dev/null

# --- identity of the secret host; the repo: one host with plain params, one with secrets -----------
mkdir -p "$W/id-root"
RECIPIENT=$(java -jar "$ROLL_JAR" secret keygen --root "$W/id-root" 2>/dev/null)
mkdir -p "$W/repo/colo" "$W/repo/hostclass/app" "$W/repo/host"
printf 'params: {}\n' > "$W/repo/colo/nyc1.yml"
printf 'packages:\n  production: [app-1]\n' > "$W/repo/hostclass/app/1.yml"
{
  printf 'colo: nyc1\nhostclass: app\nversion: 1\nparams:\n  rev: 0\n'
  for i in $(seq 1 "$N"); do printf '  p%s: value-number-%s-of-the-plain-host\n' "$i" "$i"; done
} > "$W/repo/host/plain01.nyc1.yml"
{
  printf 'colo: nyc1\nhostclass: app\nversion: 1\nparams:\n  rev: 0\n'
  for i in $(seq 1 "$N"); do
    printf '  p%s: !secret |\n' "$i"
    printf 'value-number-%s-of-the-secret-host' "$i" | age -a -r "$RECIPIENT" | sed 's/^/    /'
  done
} > "$W/repo/host/secret01.nyc1.yml"
printf 'recipients:\n  host/secret01.nyc1: [%s]\n' "$RECIPIENT" > "$W/repo/secrets.yml"
git -C "$W/repo" init -q -b main && git -C "$W/repo" add -A && git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qm init
commit_rev() { # sets param rev on both hosts
  sed -i "s/^  rev: .*/  rev: $1/" "$W/repo/host/plain01.nyc1.yml" "$W/repo/host/secret01.nyc1.yml"
  git -C "$W/repo" -c user.name=bench -c user.email=b@x commit -qam "rev $1"
  curl -sf -o /dev/null -X POST "$S/refresh"
}

SERVER_PORT=$(free_port)
echo bench-token > "$W/token"
java -jar "$SERVER_JAR" --repo "$W/repo" --bind 127.0.0.1 --port "$SERVER_PORT" --poll 0s \
  --packages-dir "$W/store" --reports-dir "$W/reports" --upload-token-file "$W/token" > "$W/server.log" 2>&1 &
SERVER_PID=$!
S=http://127.0.0.1:$SERVER_PORT
for _ in $(seq 100); do curl -sf "$S/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer bench-token" --data-binary @"$W/app-1.tar.gz" "$S/package/app/1.tar.gz"

roll() { # host root: prints wall ms and CPU ms (user+sys, less hurt by a busy machine)
  local t0 t1 cpu; t0=$(now_ms)
  cpu=$( { TIMEFORMAT='%3U %3S'; time java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$ROLL_JAR" \
    --server "$S" --hostname "$1" --root "$2" --json > "$W/last.json" 2> "$W/last.err" \
    || { cat "$W/last.err" >&2; exit 1; }; } 2>&1 )
  t1=$(now_ms)
  echo "$((t1 - t0)) $(echo "$cpu" | awk '{printf "%d", ($1 + $2) * 1000}')"
}
prepare() { # a blank root with the package cached (and, for the secret host, its identity)
  rm -rf "$2"; mkdir -p "$2/var/lib/roller" "$2/etc/roller"
  [ -d "$W/cache" ] && cp -r "$W/cache" "$2/var/lib/roller/packages"
  [ "$1" = secret01.nyc1 ] && cp -p "$W/id-root/etc/roller/identity" "$2/etc/roller/identity"
  return 0
}
# warm the page cache and the server's views
for h in plain01.nyc1 secret01.nyc1; do prepare $h "$W/root-$h"; roll $h "$W/root-$h" >/dev/null; done
cp -r "$W/root-plain01.nyc1/var/lib/roller/packages" "$W/cache"
grep -q 'value-number-1-of-the-secret-host' "$W/root-secret01.nyc1/usr/local/etc/app.conf"

: > "$W/plain-blank"; : > "$W/secret-blank"; : > "$W/plain-change"; : > "$W/secret-change"
for i in $(seq "$RUNS"); do
  for h in plain01.nyc1 secret01.nyc1; do
    kind=${h%%01.nyc1}
    prepare $h "$W/root-$h"
    roll $h "$W/root-$h" >> "$W/$kind-blank"
  done
  commit_rev "$i"
  for h in plain01.nyc1 secret01.nyc1; do
    kind=${h%%01.nyc1}
    roll $h "$W/root-$h" >> "$W/$kind-change"
  done
done
report() { # file label column(1 wall, 2 cpu)
  local p s; p=$(cut -d' ' -f"$3" < "$W/plain-$1" | median); s=$(cut -d' ' -f"$3" < "$W/secret-$1" | median)
  printf '%-34s plain %5d ms   secret %5d ms   secret/plain %s\n' "$2" "$p" "$s" \
    "$(python3 -c "print(f'{$s/$p:.3f}')")"
}
echo "median of $RUNS runs, $N params, java -jar roll.jar (cold JVM each roll), load $(cut -d' ' -f1 /proc/loadavg):"
report blank "roll onto a blank root, wall" 1
report blank "roll onto a blank root, cpu" 2
report change "roll after a param change, wall" 1
report change "roll after a param change, cpu" 2
echo "decrypt_ms of the last secret roll: $(python3 -c "import json; print(json.load(open('$W/last.json'))['timings_ms'].get('decrypt'))")"

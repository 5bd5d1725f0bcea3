#!/usr/bin/env bash
# Benchmark of foreman sync: 2,000 granted users onto a fresh root, then no-change syncs.
# Runs the real config server (config-server.jar) on a generated repo and foreman.jar against a temp
# root whose etc/ is the Debian fixture (useradd/usermod/groupadd run with --prefix; needs root).
# Usage: bench/foreman.sh [USERS] [NO_CHANGE_RUNS]     (defaults 2000 and 7)
# Set SKIP_BUILD=1 to reuse foreman/target/foreman.jar and config-server/target/config-server.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-2000}
RUNS=${2:-7}
[ "$(id -u)" = 0 ] || { echo "bench/foreman.sh: must run as root (useradd)" >&2; exit 2; }
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -pl config-server,foreman -am package -DskipTests
fi
work=$(mktemp -d /tmp/foreman-bench.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

# private copies of the jars, so a rebuild during the run cannot pull them from under it
cp foreman/target/foreman.jar config-server/target/config-server.jar "$work/"

# a repo: the example fleet's colos, hostclasses and hosts, and USERS users granted everywhere
repo=$work/repo
mkdir -p "$repo/users"
cp -r config-repo/colo config-repo/hostclass config-repo/host "$repo/"
python3 - "$repo/users" "$USERS" <<'PY'
import base64, os, struct, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    login = "u%05d" % i
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + (login.encode() * 6)[:32]
    key = "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + login + "@bench"
    with open(os.path.join(d, login + ".yml"), "w") as f:
        f.write("uid: %d\ncomment: Bench user %d\nshell: /bin/bash\ngroups: [staff%d]\nssh_keys: [\"%s\"]\naccess: {all: true}\n"
                % (10000 + i, i, i % 10, key))
    home = os.path.join(d, login, "home")
    os.makedirs(home)
    with open(os.path.join(home, ".profile"), "w") as f:
        f.write("export PS1='%s$ '\n" % login)
PY
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "bench users"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$work/config-server.jar" --repo "$repo" --bind 127.0.0.1 --port "$port" --poll 0s \
  --cache-dir "$work/cache" --packages-dir "$work/packages" --reports-dir "$work/reports" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/host/web01.nyc1/users" # warm the server's view cache

root=$work/root
mkdir -p "$root/etc" "$root/home"
cp foreman/src/test/resources/debian-etc/{passwd,group,shadow,gshadow,login.defs} "$root/etc/"
sync_once() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$work/foreman.jar" sync \
  --server "http://127.0.0.1:$port" --hostname web01.nyc1 --root "$root" "$@"; }
now() { date +%s.%N; }

t0=$(now); sync_once >"$work/first.log"; t1=$(now)
first=$(echo "$t1 - $t0" | bc)
steps=$(head -1 "$work/first.log")
times=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); out=$(sync_once); t1=$(now)
  [ -z "$out" ] || { echo "bench/foreman.sh: the no-change sync did something: $out" >&2; exit 1; }
  tail -1 "$root/var/log/roller/foreman.log" | grep -q ' steps=0 applied=0 failed=0 ' || { echo "bench/foreman.sh: no-change sync planned steps" >&2; exit 1; }
  times+=("$(echo "$t1 - $t0" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; wall times move with it)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "first sync ($USERS users): ${first}s  [$steps]"
echo "no-change sync: median ${median}s over $RUNS runs (all: ${times[*]})"
echo "ratio first/no-change: $(echo "scale=1; $first / $median" | bc)"

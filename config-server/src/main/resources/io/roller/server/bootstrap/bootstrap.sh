#!/bin/sh
# Roller bootstrap, served by the config server at @SERVER@/bootstrap.
#   curl -fsS @SERVER@/bootstrap | sh
# Installs the roll agent (a self-contained bundle with its own Java runtime) under
# /var/lib/roller/agent with a /usr/sbin/roll launcher, points /etc/roller/roll.conf at this
# server, and runs the first roll. Environment: ROLLER_ROOT (install under another root, for
# tests), ROLLER_HOSTNAME (the host's name in the config repo; default: the system's),
# ROLLER_INTERVAL and ROLLER_SPLAY (scheduled rolls: roll every 15m by default, each after a random
# sleep of up to 5m; ROLLER_INTERVAL=off installs no schedule).
set -eu

server='@SERVER@'
bundle_sha256='@SHA256@'
root="${ROLLER_ROOT:-}"
hostname="${ROLLER_HOSTNAME:-@HOSTNAME@}"
interval="${ROLLER_INTERVAL:-15m}"
splay="${ROLLER_SPLAY:-5m}"

say() { echo "bootstrap: $*" >&2; }
die() { say "$*"; exit 1; }

# The cron schedule of an interval: 5m..59m, 1h..23h, 1d; off for none.
schedule() {
  case "$1" in
    off) echo off ;;
    [1-9]m|[1-5][0-9]m) echo "*/${1%m} * * * *" ;;
    1h) echo "0 * * * *" ;;
    [2-9]h|1[0-9]h|2[0-3]h) echo "0 */${1%h} * * *" ;;
    1d|24h) echo "0 0 * * *" ;;
    *) return 1 ;;
  esac
}
cron=$(schedule "$interval") || die "interval '$interval' is not off, 1m..59m, 1h..23h or 1d"
case "$splay" in
  0|[0-9]*s|[0-9]*m|[0-9]*h) ;;
  *) die "splay '$splay' is not a duration such as 30s, 5m or 0" ;;
esac

command -v tar >/dev/null 2>&1 || die "tar is required"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is required"
if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsS --retry 3 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  die "curl or wget is required"
fi

# Ask the server about this host before installing anything: a name the config repo lacks, or a
# server that refuses or is down, fails here with nothing written.
check_name="${hostname:-$(uname -n 2>/dev/null || true)}"
if [ -n "$check_name" ]; then
  fetch "$server/host/$check_name" /dev/null \
    || die "$server does not know host '$check_name' or cannot be reached (see: curl $server/host/$check_name); nothing installed"
fi

agent="$root/var/lib/roller/agent"
mkdir -p "$root/var/lib/roller" "$root/usr/sbin" "$root/etc/roller"
tmp=$(mktemp -d "$root/var/lib/roller/.bootstrap.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading the roll agent from $server"
fetch "$server/bootstrap/roll-bundle.tar.gz" "$tmp/bundle.tar.gz" || die "cannot download $server/bootstrap/roll-bundle.tar.gz"
got=$(sha256sum "$tmp/bundle.tar.gz" | cut -d' ' -f1)
[ "$got" = "$bundle_sha256" ] || die "roll bundle sha256 is $got, the server announced $bundle_sha256; nothing installed"

mkdir "$tmp/agent"
tar -xzf "$tmp/bundle.tar.gz" -C "$tmp/agent" || die "cannot unpack the roll bundle; nothing installed"
[ -x "$tmp/agent/runtime/bin/java" ] && [ -f "$tmp/agent/roll.jar" ] || die "the roll bundle lacks runtime/bin/java or roll.jar"

# Swap the agent in with renames, so a second bootstrap replaces a broken or older agent.
if [ -d "$agent" ]; then
  rm -rf "$agent.old"
  mv "$agent" "$agent.old"
fi
mv "$tmp/agent" "$agent"
rm -rf "$agent.old"

# JVM flags for a short-lived command: no profiling tiers, a small GC, no perf-data file.
jvm_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
cat > "$tmp/roll" <<LAUNCHER
#!/bin/sh
# roll, installed by the Roller bootstrap from $server. roll.jsa is roll's class-data archive,
# recorded by the first roll; a stale or missing one only makes the JVM start slower.
agent='$agent'
if [ -f "\$agent/roll.jsa" ]; then
  set -- -XX:SharedArchiveFile="\$agent/roll.jsa" -jar "\$agent/roll.jar" "\$@"
else
  set -- -jar "\$agent/roll.jar" "\$@"
fi
exec "\$agent/runtime/bin/java" $jvm_opts "\$@"
LAUNCHER
chmod 0755 "$tmp/roll"
mv "$tmp/roll" "$root/usr/sbin/roll"

{
  printf 'server = %s\n' "$server"
  # the name this host was bootstrapped as, so later plain rolls ask for the same host
  [ -n "$hostname" ] && printf 'hostname = %s\n' "$hostname"
  printf 'interval = %s\nsplay = %s\n' "$interval" "$splay"
} > "$tmp/roll.conf"
mv "$tmp/roll.conf" "$root/etc/roller/roll.conf"
say "installed $agent, $root/usr/sbin/roll and $root/etc/roller/roll.conf"

# Scheduled rolls: cron runs roll every interval, each after a random sleep of up to splay.
mkdir -p "$root/etc/cron.d"
if [ "$cron" = off ]; then
  rm -f "$root/etc/cron.d/roller-agent"
  say "interval = off: no scheduled rolls"
else
  rootarg=""
  [ -n "$root" ] && rootarg=" --root $root"
  printf '# Roller: scheduled rolls (interval %s, splay %s), from the bootstrap\n%s root %s --splay %s --quiet%s\n' \
    "$interval" "$splay" "$cron" "$root/usr/sbin/roll" "$splay" "$rootarg" > "$tmp/roller-agent"
  mv "$tmp/roller-agent" "$root/etc/cron.d/roller-agent"
  say "installed $root/etc/cron.d/roller-agent (every $interval, splay $splay)"
fi

# The host's age identity for secret params: made once (0600), kept by later bootstraps. Its
# recipient goes into the config repo's secrets.yml as host/<name>, then: roll secret rekey.
# shellcheck disable=SC2086
recipient=$("$agent/runtime/bin/java" $jvm_opts -jar "$agent/roll.jar" secret keygen --root "${root:-/}" 2>/dev/null) \
  || die "cannot make the host's age identity $root/etc/roller/identity"
say "age recipient of ${hostname:-this host} (add it to secrets.yml): $recipient"

# The first roll also records which classes roll loads, and roll's class-data archive
# $agent/roll.jsa (a static CDS archive) is dumped from that list, so later rolls start in a
# fraction of the time. A static archive, unlike -XX:ArchiveClassesAtExit's dynamic one, holds
# picocli too (its Java 5 class files are left out of dynamic archives). It is made here, not at
# build time, because the archive pins roll.jar's absolute path, which only this host knows.
say "first roll (recording the classes it loads for roll's class-data archive $agent/roll.jsa)"
set -- --root "${root:-/}"
[ -n "$hostname" ] && set -- "$@" --hostname "$hostname"
rm -f "$agent/roll.jsa" "$agent/roll.classlist"
rc=0
# shellcheck disable=SC2086 # jvm_opts is a list of flags without spaces
"$agent/runtime/bin/java" $jvm_opts -XX:DumpLoadedClassList="$agent/roll.classlist" -jar "$agent/roll.jar" "$@" || rc=$?
# shellcheck disable=SC2086
if ! "$agent/runtime/bin/java" $jvm_opts -Xshare:dump -XX:SharedClassListFile="$agent/roll.classlist" \
    -XX:SharedArchiveFile="$agent/roll.jsa" -cp "$agent/roll.jar" > "$tmp/cds.log" 2>&1; then
  rm -f "$agent/roll.jsa"
  say "could not make $agent/roll.jsa (rolls work, only start slower): $(tail -1 "$tmp/cds.log")"
fi
rm -f "$agent/roll.classlist"
exit "$rc"

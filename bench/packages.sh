#!/usr/bin/env bash
# Package distribution benchmark (docs/BENCHMARKS.md, "## Packages"):
#  1. download throughput of a 200 MB package from a config server on loopback, against nginx
#     serving the same file in the same run (median of RUNS downloads each);
#  2. upload-to-other-datacenter time: two config servers on one S3Proxy bucket, PUT on A,
#     poll GET on B until it serves the package (median of RUNS packages);
#  3. 200 concurrent downloads from B, counting errors.
# Usage: bench/packages.sh            (RUNS=5 SIZE_MB=200 CONCURRENCY=200 to change)
# Needs: a JDK 17, Maven (builds config-server.jar), curl, tar/gzip, nginx (apt-get install nginx-light).
set -euo pipefail

RUNS="${RUNS:-5}"
SIZE_MB="${SIZE_MB:-200}"
CONCURRENCY="${CONCURRENCY:-200}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bench/lib/nginx.sh"
work="$(mktemp -d "${TMPDIR:-/tmp}/roller-bench-packages.XXXXXX")"
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }
free_port() { # a random high port nothing listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
wait_port() {
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listening on $1" >&2; return 1
}

command -v nginx >/dev/null || { log "installing nginx-light"; apt-get install -y -q nginx-light >/dev/null; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

log "building config-server.jar"
(cd "$root" && mvn -B -q -o -pl model,config-server -DskipTests package)
server_jar="$root/config-server/target/config-server.jar"
s3proxy_jar="$root/config-server/target/s3proxy/s3proxy.jar"

# --- the config repo the servers serve (a git repo of the example fleet)
cp -r "$root/config-repo" "$work/repo"
git -C "$work/repo" init -q -b main
git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com commit -q -m fleet

# --- S3Proxy (filesystem backend, no auth) and the bucket
s3_port="$(free_port)"
mkdir -p "$work/s3/data"
cat >"$work/s3/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=none
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3/data
CONF
java -jar "$s3proxy_jar" --properties "$work/s3/s3proxy.conf" >"$work/s3/log" 2>&1 &
pids+=($!)
wait_port "$s3_port"
curl -fsS -X PUT "http://127.0.0.1:$s3_port/roller-bench" >/dev/null

# --- two config servers ("nyc1" and "sjc1") on the one bucket
echo "bench-token" >"$work/token"
start_server() {
  local name="$1" port="$2"
  java -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -jar "$server_jar" \
    --repo "$work/repo" --bind 127.0.0.1 --port "$port" --poll 0 --cache-dir "$work/$name-cache" \
    --packages-dir "$work/$name-packages" --s3-bucket roller-bench --s3-endpoint "http://127.0.0.1:$s3_port" \
    --s3-region us-east-1 --upload-token-file "$work/token" >"$work/$name.log" 2>&1 &
  pids+=($!)
}
a_port="$(free_port)"; b_port="$(free_port)"
start_server nyc1 "$a_port"
start_server sjc1 "$b_port"
wait_port "$a_port"; wait_port "$b_port"
A="http://127.0.0.1:$a_port"; B="http://127.0.0.1:$b_port"

upload() { # url name version file
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer bench-token" --data-binary "@$4" \
    -H "Content-Type: application/gzip" "$1/package/$2/$3.tar.gz"
}

# --- a SIZE_MB package of incompressible bytes
log "making a ${SIZE_MB} MB package"
mkdir -p "$work/big/lib"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$work/big/lib/blob.bin"
tar -C "$work/big" -cf - lib | gzip -1 >"$work/big.tar.gz"
size=$(stat -c %s "$work/big.tar.gz")
t0=$(date +%s.%N)
upload "$A" big 1.0 "$work/big.tar.gz"
t1=$(date +%s.%N)
upload_big=$(echo "$t1 - $t0" | bc)
log "uploaded big-1.0 ($size bytes) to nyc1 in $upload_big s"

# --- nginx serving the same file
ng_port="$(free_port)"
mkdir -p "$work/nginx/www/package/big" "$work/nginx/tmp"
cp "$work/nyc1-packages/big/big-1.0.tar.gz" "$work/nginx/www/package/big/1.0.tar.gz"
chmod -R a+rX "$work/nginx/www" && chmod a+x "$work"   # nginx workers drop root
nginx_conf "$work/nginx" "$ng_port" "$work/nginx/www" 'types { application/gzip gz; }'
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
wait_port "$ng_port"

speed() { curl -fsS -o /dev/null -w '%{speed_download}\n' "$1"; }
# warm both up once (JIT, page cache), then alternate so neither gets the quieter moment
speed "$A/package/big/1.0.tar.gz" >/dev/null
speed "http://127.0.0.1:$ng_port/package/big/1.0.tar.gz" >/dev/null
: >"$work/roller.speeds"; : >"$work/nginx.speeds"
for _ in $(seq 1 "$RUNS"); do
  speed "$A/package/big/1.0.tar.gz" >>"$work/roller.speeds"
  speed "http://127.0.0.1:$ng_port/package/big/1.0.tar.gz" >>"$work/nginx.speeds"
done
roller_mbs=$(median <"$work/roller.speeds" | awk '{printf "%.0f", $1 / 1048576}')
nginx_mbs=$(median <"$work/nginx.speeds" | awk '{printf "%.0f", $1 / 1048576}')
ratio=$(awk -v r="$roller_mbs" -v n="$nginx_mbs" 'BEGIN {printf "%.0f", 100 * r / n}')

# --- upload to nyc1, poll sjc1 until it serves the package (a typical package: hello-web, and 10 MB)
mkdir -p "$work/small"
cp -r "$root/packages/hello-web/." "$work/small/"
tar -C "$work/small" -czf "$work/small.tar.gz" .
mkdir -p "$work/mid/lib"
head -c $((10 * 1024 * 1024)) /dev/urandom >"$work/mid/lib/blob.bin"
tar -C "$work/mid" -czf "$work/mid.tar.gz" lib
cross() { # name file -> seconds from the PUT on nyc1 until sjc1 answers 200 with the bytes
  local name="$1" file="$2"
  : >"$work/$name.cross"
  for i in $(seq 1 "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    upload "$A" "$name" "1.$i" "$file"
    until curl -fsS -o "$work/$name.got" "$B/package/$name/1.$i.tar.gz" 2>/dev/null; do sleep 0.01; done
    end=$(date +%s.%N)
    cmp -s "$file" "$work/$name.got" || { echo "sjc1 served other bytes for $name-1.$i" >&2; exit 1; }
    echo "$end - $start" | bc >>"$work/$name.cross"
  done
  median <"$work/$name.cross"
}
cross_small=$(cross hello "$work/small.tar.gz")
cross_mid=$(cross mid "$work/mid.tar.gz")

# --- CONCURRENCY downloads at once from sjc1 (a 10 MB package it already pulled)
t0=$(date +%s.%N)
seq 1 "$CONCURRENCY" | xargs -P "$CONCURRENCY" -I{} \
  curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "$B/package/mid/1.1.tar.gz" >"$work/codes" || true
t1=$(date +%s.%N)
mid_size=$(stat -c %s "$work/mid.tar.gz")
ok=$(awk -v s="$mid_size" '$1 == 200 && $2 == s' "$work/codes" | wc -l)
errors=$((CONCURRENCY - ok))

cat <<REPORT
machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr), $(java -version 2>&1 | head -1)
download ${SIZE_MB} MB package, loopback, median of $RUNS: config-server ${roller_mbs} MB/s, nginx ${nginx_mbs} MB/s -> ${ratio}% of nginx (goal >= 80%)
upload of the ${SIZE_MB} MB package to nyc1 (stream to disk, validate, hash, S3 put): ${upload_big} s
upload on nyc1 -> served by sjc1, median of $RUNS: hello-web ($(stat -c %s "$work/small.tar.gz") bytes) ${cross_small} s, 10 MB package ${cross_mid} s (goal < 1 s)
${CONCURRENCY} concurrent downloads of a 10 MB package from sjc1: ${ok} ok, ${errors} errors in $(echo "$t1 - $t0" | bc) s (goal 0 errors)
REPORT

# nginx_conf DIR PORT ROOT TYPES: writes DIR/nginx.conf, nginx-light serving the files under ROOT
# on 127.0.0.1:PORT with two workers, its pid, logs and temp files all inside DIR (no root-owned
# default path is touched). TYPES is its MIME lines, e.g. 'types { application/gzip gz; }'.
# Start it with: nginx -c DIR/nginx.conf -p DIR &
nginx_conf() {
  local dir=$1 port=$2 root=$3 types=$4
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  $types
  server { listen 127.0.0.1:$port; root $root; }
}
CONF
}

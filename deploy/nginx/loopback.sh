# Sourced by the scripts that run deploy/nginx/ashyq.conf on 127.0.0.1 for a test or a benchmark
# (tests/cli/nginx_front.sh, bench/nginx_reads.sh). Not for a real deployment: a self-signed
# certificate for localhost, free ports picked at random.

# Stops the processes the script started (their pids in the array `pids`) and removes DIR:
# for `trap 'loopback_cleanup "$TMP"' EXIT`.
loopback_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$1"
}

# A self-signed certificate for localhost in DIR/tls, three free ports in HTTPS_PORT, HTTP_PORT
# and API_PORT, and in user_line what nginx's main configuration needs to run its workers as
# nobody when we are root (DIR is made readable to them). Non-zero, with openssl's error on
# stderr, if the certificate cannot be made.
nginx_loopback_setup() {
  local dir=$1
  mkdir -p "$dir/tls" "$dir/nginx"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>"$dir/openssl.err" || { cat "$dir/openssl.err" >&2; return 1; }
  read -r HTTPS_PORT HTTP_PORT API_PORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
  if [[ $(id -u) == 0 ]]; then
    chmod 755 "$dir"
    user_line="user nobody nogroup;"
  else
    user_line=""
  fi
}

# Writes DIR/nginx/ashyq.conf (the template with its placeholders filled: PUBLICATION, SITE, the
# API on API_PORT; then any further sed expressions given as "-e EXPR" arguments) and
# DIR/nginx/nginx.conf around it (NGINX_WORKERS, default 1; NGINX_CONNECTIONS, default 1024;
# NGINX_ACCESS_LOG, default DIR/nginx/access.log, "off" for none), and sets nginx_args.
# Non-zero if a placeholder was left unfilled.
nginx_loopback_config() {
  local dir=$1 src=$2 pub=$3 site=$4
  shift 4
  sed -e "s|@SERVER_NAME@|localhost|g" -e "s|@LISTEN_ADDRESS@|127.0.0.1|g" \
    -e "s|@HTTPS_PORT@|$HTTPS_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
    -e "s|@TLS_CERTIFICATE@|$dir/tls/cert.pem|g" -e "s|@TLS_CERTIFICATE_KEY@|$dir/tls/key.pem|g" \
    -e "s|@PUBLICATION_DIR@|$pub|g" -e "s|@SITE_DIR@|$site|g" \
    -e "s|@API_UPSTREAM@|127.0.0.1:$API_PORT|g" "$@" "$src/deploy/nginx/ashyq.conf" >"$dir/nginx/ashyq.conf"
  if grep -v '^ *#' "$dir/nginx/ashyq.conf" | grep -q '@[A-Z_]*@'; then
    echo "a placeholder of deploy/nginx/ashyq.conf was not filled" >&2
    return 1
  fi
  cat >"$dir/nginx/nginx.conf" <<EOF
$user_line
worker_processes ${NGINX_WORKERS:-1};
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections ${NGINX_CONNECTIONS:-1024}; }
http {
  access_log ${NGINX_ACCESS_LOG:-$dir/nginx/access.log};
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  include $dir/nginx/ashyq.conf;
}
EOF
  nginx_args=(-p "$dir/nginx/" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log")
}

# shellcheck shell=bash
# `./mimamori up --tls`: a local certificate authority and a server
# certificate for 127.0.0.1 / localhost under the var dir, and the nginx
# configuration made from the production site sample (tools/nginx-local-site).
# Sourced by ./mimamori.

# tls_certs DIR: DIR/ca.pem (trust this one), DIR/server.pem, DIR/server.key.
# Kept while the server certificate is valid for another day: a browser that
# was told to trust the CA keeps trusting the stack.
tls_certs() {
  local dir=$1
  mkdir -p "$dir"
  chmod 0700 "$dir"
  if [ -s "$dir/ca.pem" ] && [ -s "$dir/server.key" ] && [ -s "$dir/server.pem" ] &&
     openssl x509 -in "$dir/server.pem" -noout -checkend 86400 >/dev/null 2>&1 &&
     openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" >/dev/null 2>&1; then
    return 0
  fi
  say "making a local CA and a certificate for 127.0.0.1 / localhost in $dir"
  (umask 077
   if ! [ -s "$dir/ca.key" ] || ! [ -s "$dir/ca.pem" ] ||
      ! openssl x509 -in "$dir/ca.pem" -noout -checkend 86400 >/dev/null 2>&1; then
     openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
       -subj "/CN=Mimamori local CA ($(hostname))" \
       -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
       -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>>"$dir/openssl.log"
   fi
   openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
     -subj /CN=localhost -keyout "$dir/server.key" -out "$dir/server.csr" 2>>"$dir/openssl.log"
   printf '%s\n' 'basicConstraints = CA:FALSE' 'keyUsage = critical, digitalSignature' \
     'extendedKeyUsage = serverAuth' 'subjectAltName = IP:127.0.0.1, DNS:localhost' >"$dir/server.ext"
   openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
     -CAcreateserial -days 397 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>>"$dir/openssl.log"
  ) || die "openssl could not make the local certificates (see $dir/openssl.log)"
  # the nginx workers (nobody, when started by root) read the key after the
  # master opened it: the master reads it as root, so 0600 is enough
}

# nginx_conf_tls PORT: $NGINX_CONF from the production site sample; without
# its per-address limit_req lines when VAR/no-rate-limits exists (a stack
# whose only client is a scanner on 127.0.0.1: tools/security/check.sh).
nginx_conf_tls() {
  local port=$1 http_port
  tls_certs "$VAR/tls"
  http_port=$(cat "$VAR/http-port" 2>/dev/null || true)
  [ -n "$http_port" ] && [ "$http_port" != "$port" ] || http_port=$(free_port)
  echo "$http_port" >"$VAR/http-port"
  mkdir -p "$VAR/nginx" "$LOG"
  "$ROOT/tools/nginx-local-site" --sample "$ROOT/nginx/mimamori.conf.sample" \
    --out "$NGINX_CONF" --port "$port" --http-port "$http_port" \
    --run "$RUN" --var "$VAR" --www "$WWW" --log "$LOG" \
    --cert "$VAR/tls/server.pem" --key "$VAR/tls/server.key" \
    --user-line "$(nginx_user_line)" \
    $([ ! -e "$VAR/no-rate-limits" ] || echo --no-rate-limits) || die "could not write $NGINX_CONF"
}

# shellcheck shell=bash
# Demo alerts: 30 days of alerts of each registered demo UTM, sent through
# the real device API once nginx and the programs are up. The alert ids are
# stable per device and day (tools/demo-alerts.py), so a second start sends
# only what is new and the rest comes back as duplicates.
# Sourced by ./mimamori. Uses ROOT, VAR, LOG, BASE_URL.

# mimamori-admin demo writes "customer_no mac token" per registered demo
# device to this file (mode 0600).
demo_devices_file() { echo "$VAR/demo-devices.txt"; }

demo_alerts_load() {
  local file customer mac token json tok out
  file=$(demo_devices_file)
  [ -s "$file" ] || return 0
  while read -r customer mac token; do
    [ -n "$token" ] || continue
    json="$VAR/tmp/demo-alerts-${mac//:/}.json"
    tok="$VAR/tmp/demo-token-${mac//:/}"
    (umask 077; printf '%s\n' "$token" >"$tok")
    python3 "$ROOT/tools/demo-alerts.py" --device "$mac" >"$json" || {
      say "warning: demo alerts of $mac could not be made"; continue; }
    # --tls: Python's default context trusts the stack's CA through SSL_CERT_FILE
    if out=$(env ${OPT_TLS:+"SSL_CERT_FILE=$VAR/tls/ca.pem"} python3 "$ROOT/tools/mimamori-send-alerts" --url "$BASE_URL" --token-file "$tok" \
               --batch-size 500 --concurrency 1 "$json" 2>>"$LOG/demo-alerts.log"); then
      say "demo alerts of $customer ($mac): $out"
    else
      say "warning: demo alerts of $mac were not all sent: $out (see $LOG/demo-alerts.log)"
    fi
    rm -f "$tok" "$json"
  done <"$file"
}

#!/bin/bash
# Login failure timing: POST /auth/login with an unknown user ID and with a
# known ID and a wrong password, one after the other (A/B pairs), against a
# running stack; prints nginx's $request_time of each POST (the server's
# time, from the access log) and the medians. Each known user gets 4 wrong
# passwords, never the 5th, so no lock engages and no mail is sent.
#   usage: bench/login-timing.sh VAR_DIR [ROUNDS]   (e.g. var/timing 60)
# The stack: ./mimamori up --var VAR_DIR --port N (its nginx limits /auth/
# per client, hence the pause between pairs).
set -eu
VAR=${1:?usage: login-timing.sh VAR_DIR [ROUNDS]}
ROUNDS=${2:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ADMIN=${ADMIN:-$ROOT/build/release/mimamori-admin}
CONF=$VAR/mimamori.hdf
BASE=http://127.0.0.1:$(cat "$VAR/port")
LOG=$VAR/log/nginx-access.log
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

post_login() {	# $1 = the user ID typed
	local csrf
	rm -f "$T/jar"
	csrf=$(curl -s -c "$T/jar" "$BASE/auth/login" |
		grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
	curl -s -o /dev/null -b "$T/jar" --data-urlencode "csrf=$csrf" \
		--data-urlencode "user_id=$1" --data-urlencode 'password=Wrong#Passw0rd!' "$BASE/auth/login"
}

users=()
for i in $(seq 1 $(((ROUNDS + 3) / 4))); do
	login="tm$i-$RANDOM$RANDOM@t.example"
	"$ADMIN" --config "$CONF" create-user --login "$login" --password 'Kx7#mPq2!vLz9w' \
		--role customer_user --tenant N200000001 >/dev/null
	users+=("$login")
done
before=$(grep -c 'POST /auth/login' "$LOG" || true)
for i in $(seq 0 $((ROUNDS - 1))); do
	post_login "nobody-$i-$RANDOM@t.example"
	post_login "${users[$((i / 4))]}"
	sleep 0.5
done
sleep 2	# nginx writes its log in batches, a second apart at most
grep 'POST /auth/login' "$LOG" | tail -n +$((before + 1)) | awk '{print $NF * 1000}' >"$T/ms"
python3 - "$T/ms" <<'EOF'
import statistics, sys
ms = [float(l) for l in open(sys.argv[1])]
unknown, known = ms[0::2], ms[1::2]
for name, v in (('unknown ID', unknown), ('known ID, wrong password', known)):
    v = sorted(v)
    print(f'{name:26} n={len(v)} median {statistics.median(v):.0f} ms, '
          f'p25 {v[len(v) // 4]:.0f}, p75 {v[3 * len(v) // 4]:.0f}, min {v[0]:.0f}, max {v[-1]:.0f}')
print('paired difference (known - unknown), median: %.0f ms'
      % statistics.median(b - a for a, b in zip(unknown, known)))
EOF

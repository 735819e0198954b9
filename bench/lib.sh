# shellcheck shell=bash
# Shared by the bench/ scripts. Needs BASE (the stack's URL) and a scratch
# dir in $work.

csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

# bench_login USER_ID PASSWORD: logs in as the user (who must have no second
# factor) and sets session and pre to "name=value" cookie strings.
bench_login() {
  local user_id=$1 password=$2 jar=$work/cookies token code
  token=$(curl -fsS -c "$jar" -b "$jar" "$BASE/auth/login" | csrf_of)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$token" --data-urlencode "user_id=$user_id" \
    --data-urlencode "password=$password" "$BASE/auth/login")
  [ "$code" = 303 ] || { echo "login as $user_id failed (HTTP $code)" >&2; exit 1; }
  session=$(awk '$6 ~ /mm_session$/ {print $6 "=" $7}' "$jar")
  pre=$(awk '$6 ~ /mm_pre$/ {print $6 "=" $7}' "$jar")
  [ -n "$session" ] || { echo "no session cookie" >&2; exit 1; }
  curl -fsS -H "Cookie: $session" "$BASE/" | grep -q 'id="display-name"' ||
    { echo "authenticated home page did not render" >&2; exit 1; }
}

# wrk needs a descriptor per connection
raise_nofile() { ulimit -n 16384 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true; }

#!/usr/bin/env bash
# Issue 10 item 14: the API holds its own OpenAPI contract. Serves a migrated, demo-loaded
# temporary SQLite database on a free loopback port and runs schemathesis against the live
# document with every check, positive and negative data, every phase (examples, coverage,
# fuzzing, stateful), a fixed seed and a bounded budget — anonymous, then as the plan office
# (duban), a liaison (kfq_liaison) and a leader (leader). Any failure fails CI.
#   SCHEMATHESIS_MAX_EXAMPLES (default 30) and SCHEMATHESIS_MAX_TIME (seconds per persona,
#   default 60) bound the run; SCHEMATHESIS_SEED (default 20221) fixes it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
export GONGYE_VAR_DIR="$tmp/var" DATABASE_URL="sqlite:///$tmp/var/gongye.sqlite3"
# the token endpoint's rate and the sign-in limit per address would otherwise answer the
# fuzzer's thousands of wrong logins with 429 (both are tested in tests/accounts)
export GONGYE_ANON_RATE="10000/minute" GONGYE_LOGIN_THROTTLE_FAILURES=1000000
mkdir -p "$GONGYE_VAR_DIR"
py="$PWD/.venv/bin/python"
st="$PWD/.venv/bin/schemathesis"
conf="$PWD/.ci/schemathesis.toml"
seed="${SCHEMATHESIS_SEED:-20221}"
examples="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
budget="${SCHEMATHESIS_MAX_TIME:-60}"

"$py" manage.py migrate --noinput -v 0
"$py" manage.py createcachetable
"$py" manage.py load_demo --quiet-accounts >/dev/null

port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$py" manage.py runserver --noreload "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$base/api/v1/openapi.json" && break
  sleep 0.5
done

token() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"Gongye#2022demo\"}" "$base/api/v1/auth/token" |
    "$py" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

run() {
  local who="$1"
  shift
  echo "-- schemathesis as $who --"
  # from the temporary directory, so that schemathesis' own cache stays out of the checkout
  (cd "$tmp" && "$st" --config-file "$conf" run "$base/api/v1/openapi.json" \
    --checks all --mode all --phases examples,coverage,fuzzing,stateful \
    --seed "$seed" --max-examples "$examples" --max-time "$budget" \
    --workers 1 --request-timeout 30 \
    --suppress-health-check all --warnings off --no-color \
    --report junit --report-dir "$tmp/reports/$who" "$@") || failed+=("$who")
}
failed=()

# every persona's token before any fuzzing, so no run depends on what the one before it did
declare -A tokens
for who in duban kfq_liaison leader; do
  tokens[$who]="$(token "$who")"
done
for who in duban kfq_liaison leader; do
  # Logging out, or revoking a token, would end this persona's own token mid-run: those two
  # operations are fuzzed anonymously below and covered by tests/accounts.
  run "$who" -H "Authorization: Bearer ${tokens[$who]}" \
    --exclude-path /api/v1/auth/logout --exclude-path-regex '^/api/v1/auth/tokens/'
done
# anonymous last: its wrong sign-ins could lock a persona out (and a lock-out ends its tokens)
run anonymous
if ((${#failed[@]})); then
  echo "schemathesis found failures as: ${failed[*]}" >&2
  exit 1
fi
if grep -q "Internal Server Error\|Traceback" "$tmp/server.log"; then
  grep -B2 -A30 "Traceback" "$tmp/server.log" | head -80
  echo "the server logged an error" >&2
  exit 1
fi
echo "schemathesis: no failures"

#!/usr/bin/env bash
# Smoke test of `npm start` as a new user gets it: the embedded PostgreSQL in a fresh data directory, the first
# admin key printed, /health and /docs-json answering, Ctrl-C (SIGINT to the whole process group, as a
# terminal sends it) stopping everything, and a second start on the same data working without a new key.
# Uses its own ports and data directory, so it does not disturb a server already running.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${SMOKE_PORT:-3900}" EMBEDDED_PG_PORT="${SMOKE_PG_PORT:-54399}" LOG_LEVEL=warn
work="$(mktemp -d)"
chmod 755 "$work" # as root the server runs as an unprivileged user, who must reach its data directory
export EMBEDDED_PG_DIR="$work/postgres"
trap 'rm -rf "$work"' EXIT

start() {
  setsid npm start >"$work/$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$PORT/health" >/dev/null && return 0
    sleep 1
  done
  cat "$work/$1.log"
  echo "FAIL: the API did not answer /health within 120 s" >&2
  exit 1
}

stop() {
  kill -INT -- "-$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if pgrep -f -- "-p $EMBEDDED_PG_PORT" >/dev/null; then
    echo "FAIL: PostgreSQL still running after Ctrl-C" >&2
    exit 1
  fi
  grep -q '^Stopped.' "$work/$1.log" || { cat "$work/$1.log"; echo "FAIL: no clean shutdown" >&2; exit 1; }
}

start first
grep -E '^(Power supervision API|  API docs|  Database|    psk_)' "$work/first.log"
grep -q '^    psk_' "$work/first.log" || { echo "FAIL: no first admin key printed" >&2; exit 1; }
key="$(grep -oE '^    psk_[A-Za-z0-9_-]+' "$work/first.log" | tr -d ' ')"
curl -sf "http://localhost:$PORT/health"
echo
curl -sf "http://localhost:$PORT/docs-json" | grep -q '"/v1/admin/keys"' || { echo "FAIL: /docs-json" >&2; exit 1; }
curl -sf -o /dev/null -H "Authorization: Bearer $key" "http://localhost:$PORT/v1/admin/keys"
stop first
echo "first run: ok (stopped cleanly)"

start second
if grep -q '^    psk_' "$work/second.log"; then echo "FAIL: a second admin key was created" >&2; exit 1; fi
curl -sf -o /dev/null -H "Authorization: Bearer $key" "http://localhost:$PORT/v1/admin/keys"
stop second
echo "second run: ok (same data, same admin key, stopped cleanly)"

#!/usr/bin/env bash
# Runs Disque client libraries' own test suites against a gateway (and, with --disque,
# against a real Disque 1.0-rc1 first, to know which of their tests pass there), and
# prints a table of tests passed and failed. Run by hand; nothing third-party is kept.
#
#   scripts/client-suites.sh [--disque /path/to/disque-server]
#
# The suites, fetched at run time with npm (Node.js and npm needed):
#   disqueue-node 2.0.2  its npm package ships its mocha tests.
#   thunk-disque 0.5.13  its npm package has no tests: set THUNK_DISQUE_SRC to a checkout
#                        of github.com/thunks/thunk-disque (commit f671afa, tag 0.5.13);
#                        without it this suite is skipped.
# Both suites talk to 127.0.0.1:7711 (one of thunk-disque's tests checks that INFO says
# tcp_port:7711), so that port must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

disque=""
while [ $# -gt 0 ]; do
  case "$1" in
    --disque) disque="$2"; shift 2 ;;
    *) echo "usage: $0 [--disque /path/to/disque-server]" >&2; exit 2 ;;
  esac
done
if redis-cli -p 7711 PING >/dev/null 2>&1 || (exec 3<>/dev/tcp/127.0.0.1/7711) 2>/dev/null; then
  echo "port 7711 is taken: stop what listens there first" >&2
  exit 2
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- the suites -------------------------------------------------------------------------
(cd "$work" && npm pack --silent disqueue-node@2.0.2 >/dev/null)
mkdir -p "$work/disqueue-node"
tar xzf "$work"/disqueue-node-2.0.2.tgz -C "$work/disqueue-node" --strip-components=1
(cd "$work/disqueue-node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
suites=(disqueue-node)

if [ -n "${THUNK_DISQUE_SRC:-}" ]; then
  mkdir -p "$work/thunk-disque"
  cp -r "$THUNK_DISQUE_SRC"/. "$work/thunk-disque"
  (cd "$work/thunk-disque" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  suites+=(thunk-disque)
else
  echo "THUNK_DISQUE_SRC not set: thunk-disque's suite is skipped" >&2
fi

run_suite() { # suite -> "passed failed"
  local out="$work/$1-$2.txt" passed failed
  case "$1" in
    disqueue-node)
      (cd "$work/disqueue-node" && timeout 600 ./node_modules/.bin/mocha --no-colors >"$out" 2>&1) || true
      passed=$(grep -Eo '[0-9]+ passing' "$out" | grep -Eo '[0-9]+' || echo 0)
      failed=$(grep -Eo '[0-9]+ failing' "$out" | grep -Eo '[0-9]+' || echo 0) ;;
    thunk-disque)
      (cd "$work/thunk-disque" && timeout 600 ./node_modules/.bin/tman >"$out" 2>&1) || true
      passed=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
      failed=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0) ;;
  esac
  echo "$passed $failed"
  if [ "$failed" != "0" ]; then sed 's/\x1b\[[0-9;]*m//g' "$out" | tail -40 >&2; fi
}

wait_for_7711() {
  for _ in $(seq 1 120); do
    redis-cli -p 7711 PING 2>/dev/null | grep -q PONG && return 0
    sleep 0.5
  done
  echo "nothing answered on 7711" >&2
  return 1
}

declare -A results
run_against() { # name, then the command that starts the server in $work/$name
  local name="$1"; shift
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec "$@" >"$work/$name.log" 2>&1) &
  server_pid=$!
  wait_for_7711
  for suite in "${suites[@]}"; do
    results["$suite,$name"]=$(run_suite "$suite" "$name")
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
  sleep 1
}

if [ -n "$disque" ]; then
  run_against disque "$disque" --port 7711 --bind 127.0.0.1
fi
dotnet build Gateway/Gateway.csproj -c Release -v quiet -nologo >/dev/null
run_against gateway dotnet "$root/Gateway/bin/Release/net10.0/Disque.Gateway.dll" \
  --Disque:Port=7711 --Disque:SiloPort=21711 --Disque:GatewayPort=0 --Logging:LogLevel:Default=Warning

printf '%-16s %-22s %-22s\n' suite "disque (passed/failed)" "gateway (passed/failed)"
status=0
for suite in "${suites[@]}"; do
  read -r dp df <<<"${results[$suite,disque]:-- -}"
  read -r gp gf <<<"${results[$suite,gateway]}"
  printf '%-16s %-22s %-22s\n' "$suite" "$dp/$df" "$gp/$gf"
  [ "$gf" != "0" ] && status=1
done
exit $status

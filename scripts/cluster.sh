#!/usr/bin/env bash
# The docker-compose topology without Docker: a redis-server for membership, then
# N silos on this machine, the first G of them gateways (RESP on 7711, 7712, ...).
#
#   scripts/cluster.sh start [N=3] [G=2]   build, start, wait until every gateway sees every silo
#   scripts/cluster.sh status              which processes run, and HELLO from the first gateway
#   scripts/cluster.sh stop                SIGTERM every silo (they hand their jobs over), wait
#                                          for each to exit, then stop redis
#
# Everything listens on 127.0.0.1. State and logs go to .cluster/ at the repository root.
# The pids recorded are the dotnet and redis-server processes themselves, and no started
# process keeps this script's output open: `scripts/cluster.sh start | tee log` returns.
# Settings (environment): DISQUE_REDIS_PORT (6379), DISQUE_PORT (7711, the first RESP port),
# DISQUE_SILO_PORT (11111) and DISQUE_GATEWAY_PORT (30000, 0: none), the first of Orleans' ports,
# DISQUE_CLUSTER_STATE (.cluster), DISQUE_CONFIGURATION (Release), DISQUE_BUILD=0 to run the
# build as it is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${DISQUE_CLUSTER_STATE:-$root/.cluster}"
redis_port="${DISQUE_REDIS_PORT:-6379}"
first_resp_port="${DISQUE_PORT:-7711}"
first_silo_port="${DISQUE_SILO_PORT:-11111}"
first_gateway_port="${DISQUE_GATEWAY_PORT:-30000}"
configuration="${DISQUE_CONFIGURATION:-Release}"
stop_wait_seconds=60 # a silo exits within its 30 s shutdown timeout; the rest is margin

start() {
  local silos="${1:-3}" gateways="${2:-2}"
  if [ -f "$state/pids" ]; then echo "already running (scripts/cluster.sh stop first)"; exit 1; fi
  mkdir -p "$state"
  [ "${DISQUE_BUILD:-1}" = 0 ] || dotnet build "$root/Disque.Orleans.sln" -c "$configuration" -v q -nologo >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  local common=(--Disque:Clustering=redis "--Disque:RedisConnection=127.0.0.1:$redis_port" --Disque:AdvertisedIP=127.0.0.1)
  for i in $(seq 0 $((silos - 1))); do
    local args=("${common[@]}" "--Disque:SiloPort=$((first_silo_port + i))" "--Disque:GatewayPort=$((first_gateway_port > 0 ? first_gateway_port + i : 0))")
    local program="Silo" name="silo$i"
    if [ "$i" -lt "$gateways" ]; then
      program="Gateway" name="gateway$i"
      args+=("--Disque:Port=$((first_resp_port + i))")
    fi
    # exec: the background subshell becomes dotnet, so $! is dotnet's pid; its output goes to
    # its log and its input comes from nowhere, so it holds nothing of this script's.
    (cd "$root/$program/bin/$configuration/net10.0" &&
      DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 exec nohup dotnet "Disque.$program.dll" "${args[@]}" \
        >"$state/$name.log" 2>&1 </dev/null) &
    echo "$! $name" >>"$state/pids"
  done
  local formed=0
  for i in $(seq 0 $((gateways - 1))); do
    local port=$((first_resp_port + i)) seen=0
    for _ in $(seq 1 120); do
      if [ "$(redis-cli -p "$port" CLUSTER INFO 2>/dev/null | tr -d '\r' | grep -c "cluster_known_nodes:$silos")" = 1 ]; then seen=1; break; fi
      all_running || break
      sleep 0.5
    done
    if [ "$seen" = 1 ]; then
      echo "gateway$i: 127.0.0.1:$port"
    else
      echo "gateway$i: 127.0.0.1:$port does not see all $silos silos (logs in $state)"
      formed=1
    fi
  done
  all_running || formed=1
  return "$formed"
}

# Whether every recorded silo still runs; says which do not.
all_running() {
  local status=0
  while read -r pid name; do
    if ! ours "$pid"; then echo "$name ($pid) exited; its log: $state/$name.log"; status=1; fi
  done <"$state/pids"
  return "$status"
}

# Whether PID is still one of the processes this script started (not a pid reused since).
ours() {
  grep -qa "Disque\.\|redis-server" "/proc/$1/cmdline" 2>/dev/null
}

# until_exited PID SECONDS: waits for the process to exit; 1 if it still runs after SECONDS.
until_exited() {
  local pid=$1 deadline=$((SECONDS + $2))
  while ours "$pid"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

stop() {
  [ -f "$state/pids" ] || { echo "not running"; return 0; }
  local status=0 pid name
  while read -r pid name; do
    if ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; echo "stopping $name ($pid)"; else echo "$name ($pid) was not running"; fi
  done <"$state/pids"
  while read -r pid name; do
    if until_exited "$pid" "$stop_wait_seconds"; then
      echo "$name stopped"
    else
      echo "$name ($pid) did not stop within $stop_wait_seconds s: killed (SIGKILL)"
      kill -KILL "$pid" 2>/dev/null || true
      status=1
    fi
  done <"$state/pids"
  if [ -f "$state/redis.pid" ]; then
    pid="$(cat "$state/redis.pid")"
    if ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      until_exited "$pid" 10 && echo "redis stopped" || { echo "redis ($pid) did not stop: killed"; kill -KILL "$pid" 2>/dev/null || true; status=1; }
    fi
  fi
  rm -f "$state/pids" "$state/redis.pid"
  return "$status"
}

status() {
  [ -f "$state/pids" ] || { echo "not running"; return 0; }
  while read -r pid name; do
    if ours "$pid"; then echo "$name ($pid) running"; else echo "$name ($pid) gone"; fi
  done <"$state/pids"
  redis-cli -p "$first_resp_port" HELLO || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start [silos=3] [gateways=2] | status | stop"; exit 2 ;;
esac

#!/usr/bin/env bash
# The docker-compose topology without Docker: a redis-server for membership, then
# N silos on this machine, the first G of them gateways (RESP on 7711, 7712, ...).
#
#   scripts/cluster.sh start [N=3] [G=2]   build, start, wait until every gateway answers
#   scripts/cluster.sh status              which processes run, and HELLO from the first gateway
#   scripts/cluster.sh stop                SIGTERM every silo (they hand their jobs over), then redis
#
# Everything listens on 127.0.0.1. State and logs go to .cluster/ at the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/.cluster"
redis_port="${DISQUE_REDIS_PORT:-6379}"
first_resp_port="${DISQUE_PORT:-7711}"

start() {
  local silos="${1:-3}" gateways="${2:-2}"
  if [ -f "$state/pids" ]; then echo "already running (scripts/cluster.sh stop first)"; exit 1; fi
  mkdir -p "$state"
  dotnet build "$root/Disque.Orleans.sln" -c Release -v q -nologo >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  local common=(--Disque:Clustering=redis "--Disque:RedisConnection=127.0.0.1:$redis_port" --Disque:AdvertisedIP=127.0.0.1)
  for i in $(seq 0 $((silos - 1))); do
    local args=("${common[@]}" "--Disque:SiloPort=$((11111 + i))" "--Disque:GatewayPort=$((30000 + i))")
    local program="Silo" name="silo$i"
    if [ "$i" -lt "$gateways" ]; then
      program="Gateway" name="gateway$i"
      args+=("--Disque:Port=$((first_resp_port + i))")
    fi
    local dir="$root/$program/bin/Release/net10.0"
    (cd "$dir" && DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 nohup dotnet "Disque.$program.dll" "${args[@]}" >"$state/$name.log" 2>&1 &
      echo "$! $name" >>"$state/pids")
  done
  for i in $(seq 0 $((gateways - 1))); do
    local port=$((first_resp_port + i))
    for _ in $(seq 1 120); do
      if [ "$(redis-cli -p "$port" CLUSTER INFO 2>/dev/null | tr -d '\r' | grep -c "cluster_known_nodes:$silos")" = 1 ]; then break; fi
      sleep 0.5
    done
    echo "gateway$i: 127.0.0.1:$port"
  done
}

stop() {
  [ -f "$state/pids" ] || { echo "not running"; return 0; }
  while read -r pid name; do
    kill -TERM "$pid" 2>/dev/null && echo "stopping $name ($pid)" || true
  done <"$state/pids"
  while read -r pid _; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done <"$state/pids"
  [ -f "$state/redis.pid" ] && kill "$(cat "$state/redis.pid")" 2>/dev/null || true
  rm -f "$state/pids" "$state/redis.pid"
}

status() {
  [ -f "$state/pids" ] || { echo "not running"; return 0; }
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name ($pid) running"; else echo "$name ($pid) gone"; fi
  done <"$state/pids"
  redis-cli -p "$first_resp_port" HELLO || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start [silos=3] [gateways=2] | status | stop"; exit 2 ;;
esac

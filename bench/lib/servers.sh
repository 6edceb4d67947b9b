# bench/lib/servers.sh — starting what is measured: our gateway (one silo serving RESP),
# a plain silo, and redis-server with persistence off. Each on spare loopback ports,
# each remembered by common.sh so the EXIT trap stops it. Sourced, not run.

# start_gateway NAME [ARG...]: sets GATEWAY_PORT and GATEWAY_PID; waits for PING.
# Extra ARGs go to the gateway (cluster settings); without them it is a lone silo.
start_gateway() {
  local name=$1
  shift
  local port silo_port gateway_port
  spare_port port
  spare_port silo_port
  spare_port gateway_port
  start_process "$name" "$ROOT/Gateway/bin/Release/net10.0" \
    env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    dotnet Disque.Gateway.dll "--Disque:Port=$port" "--Disque:SiloPort=$silo_port" \
    "--Disque:GatewayPort=$gateway_port" "--Disque:ClusterId=bench-$$" "$@"
  GATEWAY_PID=$LAST_PID
  GATEWAY_PORT=$port
  wait_ready 127.0.0.1 "$port" "$GATEWAY_PID"
  log "$name answers on 127.0.0.1:$port"
}

# start_silo NAME ARG...: a silo without RESP, for the cluster; sets LAST_PID.
start_silo() {
  local name=$1
  shift
  local silo_port gateway_port
  spare_port silo_port
  spare_port gateway_port
  start_process "$name" "$ROOT/Silo/bin/Release/net10.0" \
    env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    dotnet Disque.Silo.dll "--Disque:SiloPort=$silo_port" "--Disque:GatewayPort=$gateway_port" \
    "--Disque:ClusterId=bench-$$" "$@"
}

# start_redis NAME: redis-server with no RDB and no AOF; sets REDIS_PORT and REDIS_PID.
start_redis() {
  local name=$1 port
  spare_port port
  start_process "$name" "$BENCH_OUT" \
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no
  REDIS_PID=$LAST_PID
  REDIS_PORT=$port
  wait_ready 127.0.0.1 "$port" "$REDIS_PID" 20
  log "$name answers on 127.0.0.1:$port"
}

# shellcheck shell=bash
# bench/lib/servers.sh — starting what is measured: our gateway (one silo serving RESP),
# a plain silo, real Disque (one node) and redis-server with persistence off. Each on spare
# loopback ports, each remembered by common.sh so the EXIT trap stops it. Sourced, not run.

# Where the gateway runs from: the Release build (what `dotnet run -c Release` runs), or,
# for the warm-start suite's second series, a ReadyToRun publish (what the Docker image runs).
GATEWAY_BUILD_DIR="$ROOT/Gateway/bin/Release/net10.0"
GATEWAY_PUBLISH_DIR="$ROOT/Gateway/bin/Release/publish-r2r"
GATEWAY_DIR=$GATEWAY_BUILD_DIR
SILO_DIR="$ROOT/Silo/bin/Release/net10.0"

# start_gateway NAME [ARG...]: sets GATEWAY_PORT and GATEWAY_PID; waits for PING.
# Extra ARGs go to the gateway (cluster settings); without them it is a lone silo.
start_gateway() {
  launch_gateway "$@"
  wait_ready 127.0.0.1 "$GATEWAY_PORT" "$GATEWAY_PID"
  log "$1 answers on 127.0.0.1:$GATEWAY_PORT"
}

# launch_gateway NAME [ARG...]: start_gateway without the wait (the warm-start suite
# times from the first PING answered itself).
launch_gateway() {
  local name=$1
  shift
  local port silo_port gateway_port
  spare_port port
  spare_port silo_port
  spare_port gateway_port
  start_process "$name" "$GATEWAY_DIR" \
    env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    dotnet Disque.Gateway.dll "--Disque:Port=$port" "--Disque:SiloPort=$silo_port" \
    "--Disque:GatewayPort=$gateway_port" "--Disque:ClusterId=bench-$$" "$@"
  GATEWAY_PID=$LAST_PID
  GATEWAY_PORT=$port
}

# start_silo NAME ARG...: a silo without RESP, for the cluster; sets LAST_PID.
start_silo() {
  local name=$1
  shift
  local silo_port gateway_port
  spare_port silo_port
  spare_port gateway_port
  start_process "$name" "$SILO_DIR" \
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

# start_disque NAME: real Disque ($DISQUE_BIN), one node, in an empty directory of its own
# (it writes nodes.conf there); sets DISQUE_PORT and DISQUE_PID; waits for PING.
start_disque() {
  launch_disque "$1"
  wait_ready 127.0.0.1 "$DISQUE_PORT" "$DISQUE_PID" 20
  log "$1 answers on 127.0.0.1:$DISQUE_PORT"
}

# launch_disque NAME: start_disque without the wait.
launch_disque() {
  local name=$1 port dir
  [ -n "$DISQUE_BIN" ] || die "no Disque to start (--disque PATH or DISQUE_SERVER)"
  # Its cluster bus listens on port + 10000: both below the ephemeral range.
  spare_port port 20000 22767 10000
  dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-disque.XXXXXX")
  BENCH_TEMP_DIRS+=("$dir")
  start_process "$name" "$dir" "$DISQUE_BIN" --port "$port" --bind 127.0.0.1 --daemonize no
  DISQUE_PID=$LAST_PID
  DISQUE_PORT=$port
}

# on_fresh SERVER NAME FUNCTION: starts a fresh SERVER (ours: a gateway; disque), runs
# FUNCTION SERVER PORT PID, and stops the server. Not in a subshell: the processes it starts
# must stay known to the EXIT trap, so FUNCTION hands its result back in a global.
on_fresh() {
  local server=$1 name=$2 function=$3 port pid
  if [ "$server" = disque ]; then
    start_disque "disque-$name"
    port=$DISQUE_PORT pid=$DISQUE_PID
  else
    start_gateway "gateway-$name"
    port=$GATEWAY_PORT pid=$GATEWAY_PID
  fi
  "$function" "$server" "$port" "$pid"
  stop_process "$pid"
}

# publish_gateway: the gateway compiled ahead of time (ReadyToRun) for this machine's runtime,
# framework-dependent: the Dockerfile's publish, into $GATEWAY_PUBLISH_DIR.
publish_gateway() {
  dotnet publish "$ROOT/Gateway/Gateway.csproj" -c Release --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o "$GATEWAY_PUBLISH_DIR" -nologo -v q
}

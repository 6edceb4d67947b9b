# shellcheck shell=bash
# bench/lib/common.sh — what every part of bench/run.sh shares: logging, the tools it
# needs, spare loopback ports, and the processes this run started (stopped on exit).
# Sourced, not run.

BENCH_PIDS=()          # every process this run started and has not stopped yet
BENCH_PORTS_TAKEN=" "  # ports handed out by spare_port, so two picks never collide
BENCH_TEMP_DIRS=()     # empty directories made for Disque nodes (each writes its nodes.conf), removed on exit

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

die() {
  log "ERROR: $*"
  exit 1
}

# Installs the Redis tools with apt-get when one is missing; fails clearly for anything else.
need_tools() {
  command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (the .NET 10 SDK is needed)"
  local missing=()
  command -v redis-benchmark >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    local sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"; } >&2 ||
      die "could not install ${missing[*]}: install them by hand (apt-get install redis-tools redis-server)"
  fi
  for tool in redis-benchmark redis-cli redis-server ss awk; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
  done
}

# spare_port VAR [LOW HIGH [BUS_OFFSET]]: sets VAR to a loopback TCP port between LOW and
# HIGH (20000-31999) nobody listens on or uses, below the ephemeral range (so redis-benchmark's
# own client ports cannot take it). With BUS_OFFSET, port+BUS_OFFSET must be free as well and
# is taken too (a Disque node listens on its port + 10000 for its cluster bus).
spare_port() {
  local low=${2:-20000} high=${3:-31999} offset=${4:-}
  local _spare _bus # not "port": printf -v would set this local instead of the caller's
  for _ in $(seq 1 500); do
    _spare=$((low + RANDOM % (high - low + 1)))
    _bus=${offset:+$((_spare + offset))}
    if port_taken "$_spare" || { [ -n "$_bus" ] && port_taken "$_bus"; }; then continue; fi
    BENCH_PORTS_TAKEN+="$_spare ${_bus:+$_bus }"
    printf -v "$1" '%s' "$_spare"
    return 0
  done
  die "found no spare port"
}

# port_taken PORT: handed out already, or something on this machine uses it.
port_taken() {
  case "$BENCH_PORTS_TAKEN" in *" $1 "*) return 0 ;; esac
  ss -Htan | awk '{print $4}' | grep -q ":$1\$"
}

# start_process NAME DIR COMMAND...: runs COMMAND in DIR in the background, output to
# $BENCH_OUT/NAME.log; sets LAST_PID and remembers it for stop_everything.
start_process() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && exec "$@") >"$BENCH_OUT/$name.log" 2>&1 &
  LAST_PID=$!
  BENCH_PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID)"
}

# stop_process PID...: SIGTERM, up to 10 s to exit, then SIGKILL. Only our own processes.
stop_process() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local kept=()
    for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    BENCH_PIDS=("${kept[@]}")
  done
}

# The EXIT trap: whatever happened, nothing this run started keeps running, and the
# directories it made for Disque nodes are gone.
stop_everything() {
  if [ ${#BENCH_PIDS[@]} -gt 0 ]; then
    log "stopping ${#BENCH_PIDS[@]} process(es) this run started"
    stop_process "${BENCH_PIDS[@]}"
  fi
  local dir
  for dir in "${BENCH_TEMP_DIRS[@]}"; do rm -rf -- "$dir"; done
  BENCH_TEMP_DIRS=()
}

# begin_gateway_probe NAME BUILD: the start of a one-off measurement of the gateway: tools checked,
# its own folder under bench/out (BENCH_OUT), everything it starts stopped on exit, and the gateway
# built in Release unless BUILD is 0.
begin_gateway_probe() {
  need_tools
  BENCH_OUT="$BENCH/out/$1-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$BENCH_OUT"
  trap stop_everything EXIT
  if [ "$2" = 1 ]; then
    dotnet build "$ROOT/Gateway/Gateway.csproj" -c Release -v quiet -nologo >&2
  fi
}

# wait_ready HOST PORT PID [SECONDS]: until the server answers PING; fails if PID exits first.
wait_ready() {
  local host=$1 port=$2 pid=$3 limit=${4:-90}
  for _ in $(seq 1 $((limit * 4))); do
    if [ "$(redis-cli -h "$host" -p "$port" PING 2>/dev/null)" = PONG ]; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then die "process $pid exited before answering on $host:$port (logs in $BENCH_OUT)"; fi
    sleep 0.25
  done
  die "nothing answered PING on $host:$port within ${limit}s (logs in $BENCH_OUT)"
}

# The machine is shared: say how busy it was, next to every figure.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

#!/usr/bin/env bash
# bench/run.sh — measures Disque.Orleans on this machine beside real Disque and Redis (issues 4, 10).
#
#   bench/run.sh --disque PATH       build in Release; redis-benchmark (50 clients): ADDJOB and
#                                    GETJOB NOHANG at -P 1 and -P 16, ours and real Disque (the
#                                    same commands) and a redis-server (LPUSH, RPOP) side by side;
#                                    then the job cycle (ADDJOB, GETJOB, ACKJOB) with bench/LoadGen,
#                                    ours and Disque. PATH: a disque-server binary (or set
#                                    DISQUE_SERVER); without one, Disque's columns stay empty
#   bench/run.sh --memory            memory per queued job (1M jobs), and over 1M job cycles
#   bench/run.sh --cluster           3 silos: ADDJOB REPLICATE 2 against one silo's ADDJOB
#   bench/run.sh --cluster-cycle     3 nodes, REPLICATE 2, the job cycle: ours beside a 3-node
#                                    Disque cluster, CPU per job across all nodes
#                                    (CLUSTER_BEFORE_ROOT=TREE: another tree's build takes turns too)
#   bench/run.sh --warmstart         the first 1000 job cycles after start against warm ones
#   bench/run.sh --all               all of the above
#   bench/run.sh --target HOST:PORT  the redis-benchmark and LoadGen figures of another
#                                    Disque-protocol server; starts nothing
#   --quick                          few requests, one run of each: a smoke test (~3 min)
#   --no-build                       take the Release build as it is
#
# Each figure is the median of 3 runs (1 with --quick). Everything listens on 127.0.0.1 on
# spare ports, and whatever this script started is stopped when it exits, however it exits.
# The table is printed and kept with every log under bench/out/<date-time>/.
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"
# shellcheck source=SCRIPTDIR/lib/measure.sh
source "$BENCH/lib/measure.sh"
# shellcheck source=SCRIPTDIR/lib/report.sh
source "$BENCH/lib/report.sh"
# shellcheck source=SCRIPTDIR/lib/throughput.sh
source "$BENCH/lib/throughput.sh"
# shellcheck source=SCRIPTDIR/lib/jobcycle.sh
source "$BENCH/lib/jobcycle.sh"
# shellcheck source=SCRIPTDIR/lib/memory.sh
source "$BENCH/lib/memory.sh"
# shellcheck source=SCRIPTDIR/lib/cluster.sh
source "$BENCH/lib/cluster.sh"
# shellcheck source=SCRIPTDIR/lib/clustercycle.sh
source "$BENCH/lib/clustercycle.sh"
# shellcheck source=SCRIPTDIR/lib/warmstart.sh
source "$BENCH/lib/warmstart.sh"

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

quick=0 build=1 target="" suites=() DISQUE_BIN=${DISQUE_SERVER:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --memory) suites+=(memory) ;;
    --cluster) suites+=(cluster) ;;
    --cluster-cycle) suites+=(clustercycle) ;;
    --warmstart) suites+=(warmstart) ;;
    --all) suites+=(throughput jobcycle memory cluster clustercycle warmstart) ;;
    --disque)
      [ $# -ge 2 ] || usage
      DISQUE_BIN=$2
      shift
      ;;
    --target)
      [ $# -ge 2 ] || usage
      target=$2
      shift
      ;;
    -h | --help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
  shift
done
[ ${#suites[@]} -gt 0 ] || suites=(throughput jobcycle)
if [ -n "$target" ]; then
  [[ $target =~ ^([^:]+):([0-9]+)$ ]] || die "--target wants HOST:PORT, got '$target'"
  target_host=${BASH_REMATCH[1]} target_port=${BASH_REMATCH[2]}
  for s in "${suites[@]}"; do
    case "$s" in memory | cluster | clustercycle | warmstart) die "--target measures another server: --memory, --cluster, --cluster-cycle and --warmstart start our own, leave them out" ;; esac
  done
  if [ -n "$DISQUE_BIN" ]; then
    log "--target measures another server alone: Disque ($DISQUE_BIN) is not started"
    DISQUE_BIN=""
  fi
fi
if [ -n "$DISQUE_BIN" ]; then
  if [ ! -f "$DISQUE_BIN" ] || [ ! -x "$DISQUE_BIN" ]; then
    die "no Disque binary at '$DISQUE_BIN' (bench/README.md says how to build one)"
  fi
  DISQUE_BIN=$(cd "$(dirname "$DISQUE_BIN")" && pwd)/$(basename "$DISQUE_BIN")
fi
wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

# Sizes: each may be overridden from the environment (REQUESTS_P1=500000 bench/run.sh).
CLIENTS=${CLIENTS:-50}
if [ "$quick" = 1 ]; then
  REPEATS=${REPEATS:-1} REQUESTS_P1=${REQUESTS_P1:-2000} REQUESTS_P16=${REQUESTS_P16:-10000}
  WARMUP_REQUESTS=${WARMUP_REQUESTS:-2000} MARGIN=${MARGIN:-1000}
  LOADGEN_WARMUP=${LOADGEN_WARMUP:-1} LOADGEN_SECONDS=${LOADGEN_SECONDS:-2} CYCLE_WARMUP_JOBS=${CYCLE_WARMUP_JOBS:-20000}
  MEMORY_JOBS=${MEMORY_JOBS:-20000} MEMORY_WARMUP_JOBS=${MEMORY_WARMUP_JOBS:-2000}
  CHURN_JOBS=${CHURN_JOBS:-20000} CHURN_SAMPLE=${CHURN_SAMPLE:-5000}
  WARMSTART_SETTLE=${WARMSTART_SETTLE:-2}
else
  REPEATS=${REPEATS:-3} REQUESTS_P1=${REQUESTS_P1:-200000} REQUESTS_P16=${REQUESTS_P16:-400000}
  WARMUP_REQUESTS=${WARMUP_REQUESTS:-100000} MARGIN=${MARGIN:-20000}
  LOADGEN_WARMUP=${LOADGEN_WARMUP:-3} LOADGEN_SECONDS=${LOADGEN_SECONDS:-10} CYCLE_WARMUP_JOBS=${CYCLE_WARMUP_JOBS:-200000}
  MEMORY_JOBS=${MEMORY_JOBS:-1000000} MEMORY_WARMUP_JOBS=${MEMORY_WARMUP_JOBS:-50000}
  CHURN_JOBS=${CHURN_JOBS:-1000000} CHURN_SAMPLE=${CHURN_SAMPLE:-100000}
  WARMSTART_SETTLE=${WARMSTART_SETTLE:-5}
fi
WARMSTART_CYCLES=${WARMSTART_CYCLES:-1000}
# The job cycle's shape under --max and --rate (see bench/README.md); LoadGen's own defaults otherwise.
LOADGEN_OPTIONS=${LOADGEN_OPTIONS:-}
declare -a THROUGHPUT_ADD=() # "RATE CPU_US" of the single-silo ADDJOB, by pipeline: the cluster suite's reference
OURS_PIDS="" REDIS_PID="" DISQUE_PID="" DISQUE_PORT=""

need_tools
BENCH_OUT="$BENCH/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$BENCH_OUT"
trap stop_everything EXIT
trap 'exit 130' INT TERM
printf 'time\tsuite\tserver\tcommand\tpipeline\trequests\trate cpu_us\tbefore\tafter\tnote\tload\n' >"$BENCH_OUT/measurements.tsv"
RUN_DESCRIPTION="redis-benchmark -c $CLIENTS -q, -n $REQUESTS_P1 at -P 1 and $REQUESTS_P16 at -P 16; median of $REPEATS; LoadGen: ${LOADGEN_WARMUP}s warm-up + ${LOADGEN_SECONDS}s window ${LOADGEN_OPTIONS:+($LOADGEN_OPTIONS)}"
if [ -n "$DISQUE_BIN" ]; then
  DISQUE_VERSION=$("$DISQUE_BIN" --version 2>/dev/null | head -1)
  RUN_DESCRIPTION="Disque: $DISQUE_BIN ($DISQUE_VERSION); $RUN_DESCRIPTION"
elif [ -z "$target" ]; then
  RUN_DESCRIPTION="NO DISQUE GIVEN (--disque PATH or DISQUE_SERVER): Disque's columns are empty and the targets, ratios to Disque, unjudged; $RUN_DESCRIPTION"
  log "no Disque given (--disque PATH or DISQUE_SERVER): measuring ours and Redis only"
fi
log "suites: ${suites[*]}; output in $BENCH_OUT; load average $(load_average)"
LOAD_AT_START=$(load_average)
if awk -v l="${LOAD_AT_START%% *}" -v c="$(nproc)" 'BEGIN { exit !(l > c) }'; then
  log "WARNING: load average ${LOAD_AT_START%% *} on $(nproc) cores: other processes compete for the CPU; figures will be low and noisy"
fi

if [ "$build" = 1 ]; then
  log "building in Release"
  dotnet build "$ROOT/Disque.Orleans.sln" -c Release -nologo -v q >"$BENCH_OUT/build.log" 2>&1 || die "build failed (see $BENCH_OUT/build.log)"
  if ! grep -q 'LoadGen.csproj' "$ROOT/Disque.Orleans.sln"; then
    dotnet build "$BENCH/LoadGen/LoadGen.csproj" -c Release -nologo -v q >>"$BENCH_OUT/build.log" 2>&1 || die "LoadGen build failed (see $BENCH_OUT/build.log)"
  fi
  if wants warmstart; then
    log "publishing the gateway with ReadyToRun, as the Dockerfile does (the warm-start suite measures both)"
    publish_gateway >>"$BENCH_OUT/build.log" 2>&1 || die "publishing the gateway failed (see $BENCH_OUT/build.log)"
  fi
fi
[ -f "$LOADGEN_DLL" ] || die "LoadGen is not built: run without --no-build"

if [ -n "$target" ]; then
  wait_ready "$target_host" "$target_port" "" 5
  RUN_DESCRIPTION="target $target_host:$target_port (not ours: no Redis beside it); $RUN_DESCRIPTION"
  SERVER_LABEL=$target
  if wants throughput; then throughput_suite "$target_host" "$target_port"; fi
  if wants jobcycle; then jobcycle_suite "$target_host" "$target_port"; fi
else
  if wants throughput; then
    start_redis redis
    start_gateway gateway
    OURS_PIDS=$GATEWAY_PID
    DISQUE_PORT=""
    if [ -n "$DISQUE_BIN" ]; then start_disque disque; fi
    throughput_suite 127.0.0.1 "$GATEWAY_PORT" "$REDIS_PORT" "$DISQUE_PORT"
    stop_process "$GATEWAY_PID" "$REDIS_PID" ${DISQUE_PORT:+"$DISQUE_PID"}
  fi
  if wants jobcycle; then
    # Fresh servers: the GETJOB runs above left their jobs delivered and not acked.
    start_gateway gateway-cycle
    DISQUE_PORT=""
    if [ -n "$DISQUE_BIN" ]; then start_disque disque-cycle; fi
    jobcycle_suite 127.0.0.1 "$GATEWAY_PORT" "$GATEWAY_PID" "$DISQUE_PORT" "$DISQUE_PID"
    stop_process "$GATEWAY_PID" ${DISQUE_PORT:+"$DISQUE_PID"}
  fi
  if wants memory; then memory_suite; fi
  if wants cluster; then cluster_suite; fi
  if wants clustercycle; then clustercycle_suite; fi
  if wants warmstart; then warmstart_suite; fi
fi
print_report

#!/usr/bin/env bash
# bench/run.sh — measures Disque.Orleans on this machine, in one command (issue 4).
#
#   bench/run.sh                     build in Release; redis-benchmark (50 clients): ADDJOB vs
#                                    Redis's LPUSH, GETJOB NOHANG vs RPOP, at -P 1 and -P 16,
#                                    ours and a redis-server side by side; then the job cycle
#                                    (ADDJOB, GETJOB, ACKJOB) with bench/LoadGen
#   bench/run.sh --memory            memory per queued job (1M jobs), and over 1M job cycles
#   bench/run.sh --cluster           3 silos: ADDJOB REPLICATE 2 against one silo's ADDJOB
#   bench/run.sh --all               all of the above
#   bench/run.sh --target HOST:PORT  the redis-benchmark and LoadGen figures of another
#                                    Disque-protocol server (real Disque, say); starts nothing
#   --quick                          few requests, one run of each: a smoke test (~2 min)
#   --no-build                       take the Release build as it is
#
# Each figure is the median of 3 runs (1 with --quick). Everything listens on 127.0.0.1 on
# spare ports, and whatever this script started is stopped when it exits, however it exits.
# The table is printed and kept with every log under bench/out/<date-time>/.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
for part in common servers measure report throughput jobcycle memory cluster; do
  # shellcheck source=/dev/null
  source "$BENCH/lib/$part.sh"
done

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

quick=0 build=1 target="" suites=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --memory) suites+=(memory) ;;
    --cluster) suites+=(cluster) ;;
    --all) suites+=(throughput jobcycle memory cluster) ;;
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
    case "$s" in memory | cluster) die "--target measures another server: --memory and --cluster start our own, leave them out" ;; esac
  done
fi
wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

# Sizes: each may be overridden from the environment (REQUESTS_P1=500000 bench/run.sh).
CLIENTS=${CLIENTS:-50}
if [ "$quick" = 1 ]; then
  REPEATS=${REPEATS:-1} REQUESTS_P1=${REQUESTS_P1:-2000} REQUESTS_P16=${REQUESTS_P16:-10000}
  WARMUP_REQUESTS=${WARMUP_REQUESTS:-2000} MARGIN=${MARGIN:-1000}
  LOADGEN_WARMUP=${LOADGEN_WARMUP:-1} LOADGEN_SECONDS=${LOADGEN_SECONDS:-2}
  MEMORY_JOBS=${MEMORY_JOBS:-20000} MEMORY_WARMUP_JOBS=${MEMORY_WARMUP_JOBS:-2000}
  CHURN_JOBS=${CHURN_JOBS:-20000} CHURN_SAMPLE=${CHURN_SAMPLE:-5000}
else
  REPEATS=${REPEATS:-3} REQUESTS_P1=${REQUESTS_P1:-200000} REQUESTS_P16=${REQUESTS_P16:-400000}
  WARMUP_REQUESTS=${WARMUP_REQUESTS:-100000} MARGIN=${MARGIN:-20000}
  LOADGEN_WARMUP=${LOADGEN_WARMUP:-3} LOADGEN_SECONDS=${LOADGEN_SECONDS:-10}
  MEMORY_JOBS=${MEMORY_JOBS:-1000000} MEMORY_WARMUP_JOBS=${MEMORY_WARMUP_JOBS:-50000}
  CHURN_JOBS=${CHURN_JOBS:-1000000} CHURN_SAMPLE=${CHURN_SAMPLE:-100000}
fi
# The job cycle's shape under --max and --rate (see bench/README.md); LoadGen's own defaults otherwise.
LOADGEN_OPTIONS=${LOADGEN_OPTIONS:-}
declare -a THROUGHPUT_ADD=() # "RATE CPU_US" of the single-silo ADDJOB, by pipeline: the cluster suite's reference
OURS_PIDS="" REDIS_PID=""

need_tools
BENCH_OUT="$BENCH/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$BENCH_OUT"
trap stop_everything EXIT
trap 'exit 130' INT TERM
printf 'time\tsuite\tserver\tcommand\tpipeline\trequests\trate cpu_us\tbefore\tafter\tnote\tload\n' >"$BENCH_OUT/measurements.tsv"
RUN_DESCRIPTION="redis-benchmark -c $CLIENTS -q, -n $REQUESTS_P1 at -P 1 and $REQUESTS_P16 at -P 16; median of $REPEATS; LoadGen: ${LOADGEN_WARMUP}s warm-up + ${LOADGEN_SECONDS}s window ${LOADGEN_OPTIONS:+($LOADGEN_OPTIONS)}"
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
fi
[ -f "$LOADGEN_DLL" ] || die "LoadGen is not built: run without --no-build"

if [ -n "$target" ]; then
  wait_ready "$target_host" "$target_port" "" 5
  RUN_DESCRIPTION="target $target_host:$target_port (not ours: no Redis beside it); $RUN_DESCRIPTION"
  SERVER_LABEL=target
  if wants throughput; then throughput_suite "$target_host" "$target_port"; fi
  if wants jobcycle; then jobcycle_suite "$target_host" "$target_port"; fi
else
  if wants throughput; then
    start_redis redis
    start_gateway gateway
    OURS_PIDS=$GATEWAY_PID
    throughput_suite 127.0.0.1 "$GATEWAY_PORT" "$REDIS_PORT"
    stop_process "$GATEWAY_PID" "$REDIS_PID"
  fi
  if wants jobcycle; then
    # A fresh gateway: the GETJOB runs above left their jobs delivered and not acked.
    start_gateway gateway-cycle
    jobcycle_suite 127.0.0.1 "$GATEWAY_PORT" "$GATEWAY_PID"
    stop_process "$GATEWAY_PID"
  fi
  if wants memory; then memory_suite; fi
  if wants cluster; then cluster_suite; fi
fi
print_report

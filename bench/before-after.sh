#!/usr/bin/env bash
# bench/before-after.sh — the plain job cycle on this tree's gateway beside another commit's, in
# one run: what "the job cycle with none of the new options is no slower than before" rests on.
# The two gateways take turns, in alternating order (REPEATS runs each, LoadGen cycle --max, then
# plain clients); each figure is the median of its runs, with the server's CPU per job.
#
#   bench/before-after.sh --before-dir DIR   DIR: the other commit's Gateway/bin/Release/net10.0
#                                            (e.g. git worktree add /tmp/before REV && dotnet build
#                                            /tmp/before/Gateway -c Release)
#   bench/before-after.sh --no-build ...     take this tree's Release build as it is
#   bench/before-after.sh --after-dir DIR ...  measure DIR's build as "after" instead of this tree's
#   bench/before-after.sh --commands ...     redis-benchmark first (-c CLIENTS): PING and ADDJOB at
#                                            -P 1 and -P 16, rate and server CPU per request
#   bench/before-after.sh --no-cycle ...     without the LoadGen job cycle
#
# Sizes from the environment: REPEATS (5), LOADGEN_SECONDS (8), LOADGEN_WARMUP (2),
# CYCLE_WARMUP_JOBS (100000), CLIENTS (50), REQUESTS_P1 (100000), REQUESTS_P16 (200000). Everything listens on 127.0.0.1 on spare ports and stops on exit.
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"
# shellcheck source=SCRIPTDIR/lib/measure.sh
source "$BENCH/lib/measure.sh"
# shellcheck source=SCRIPTDIR/lib/report.sh
source "$BENCH/lib/report.sh"
# shellcheck source=SCRIPTDIR/lib/jobcycle.sh
source "$BENCH/lib/jobcycle.sh"

build=1 before_dir="" after_dir="" commands=0 cycle=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --before-dir) before_dir=$2; shift ;;
    --after-dir) after_dir=$2; build=0; shift ;;
    --commands) commands=1 ;;
    --no-cycle) cycle=0 ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
[ -n "$before_dir" ] && [ -f "$before_dir/Disque.Gateway.dll" ] || die "--before-dir must name a folder with Disque.Gateway.dll"

REPEATS=${REPEATS:-5} LOADGEN_SECONDS=${LOADGEN_SECONDS:-8} LOADGEN_WARMUP=${LOADGEN_WARMUP:-2}
CYCLE_WARMUP_JOBS=${CYCLE_WARMUP_JOBS:-100000}
CLIENTS=${CLIENTS:-50} REQUESTS_P1=${REQUESTS_P1:-100000} REQUESTS_P16=${REQUESTS_P16:-200000}
begin_gateway_probe before-after "$build"
dotnet build "$BENCH/LoadGen/LoadGen.csproj" -c Release -v quiet -nologo >&2

[ -n "$after_dir" ] && GATEWAY_DIR=$after_dir
start_gateway after
after="--host 127.0.0.1 --port $GATEWAY_PORT --pid $GATEWAY_PID"
after_server="$GATEWAY_PID $GATEWAY_PORT"
GATEWAY_DIR=$before_dir start_gateway before
before="--host 127.0.0.1 --port $GATEWAY_PORT --pid $GATEWAY_PID"
before_server="$GATEWAY_PID $GATEWAY_PORT"

# shellcheck disable=SC2086 # word lists on purpose
[ "$cycle" = 1 ] && for at in "$after" "$before"; do loadgen cycle $at --max --jobs "$CYCLE_WARMUP_JOBS" >/dev/null; done

# turns WHAT ARG...: REPEATS runs of each in turn; prints the medians and the ratio.
turns() {
  local what=$1 rep line a=() b=() ac=() bc=()
  shift
  for rep in $(seq 1 "$REPEATS"); do
    # Who goes first changes each run, so neither always meets a machine the other just warmed.
    if [ $((rep % 2)) = 1 ]; then
      # shellcheck disable=SC2086
      line=$(loadgen cycle $after "$@"); a+=("$(field "$line" jobs_per_s)"); ac+=("$(per_job "$line")")
    fi
    # shellcheck disable=SC2086
    line=$(loadgen cycle $before "$@"); b+=("$(field "$line" jobs_per_s)"); bc+=("$(per_job "$line")")
    if [ $((rep % 2)) = 0 ]; then
      # shellcheck disable=SC2086
      line=$(loadgen cycle $after "$@"); a+=("$(field "$line" jobs_per_s)"); ac+=("$(per_job "$line")")
    fi
  done
  local ma mb
  ma=$(median "${a[@]}") mb=$(median "${b[@]}")
  printf '%-40s after %8s jobs/s (%s us/job)  before %8s jobs/s (%s us/job)  after/before %s   [load %s]\n' \
    "$what" "$ma" "$(median "${ac[@]}")" "$mb" "$(median "${bc[@]}")" "$(ratio "$ma" "$mb")" "$(load_average)"
}

# command_turns PIPELINE REQUESTS COMMAND...: redis-benchmark on both in turns, as turns does.
command_turns() {
  local pipeline=$1 requests=$2 rep line a=() b=() ac=() bc=()
  shift 2
  for rep in $(seq 1 "$REPEATS"); do
    local first=$after_server second=$before_server
    [ $((rep % 2)) = 0 ] && first=$before_server second=$after_server
    for server in "$first" "$second"; do
      # shellcheck disable=SC2086 # pid and port
      set -- $server "$@"
      line=$(timed_rate "$1" 127.0.0.1 "$2" "$pipeline" "$requests" "${@:3}")
      resp 127.0.0.1 "$2" DEBUG FLUSHALL >/dev/null # the jobs go: the gateway's memory stays far from its limit
      shift 2
      if [ "$server" = "$after_server" ]; then a+=("${line% *}"); ac+=("${line#* }"); else b+=("${line% *}"); bc+=("${line#* }"); fi
    done
  done
  local ma mb
  ma=$(median "${a[@]}") mb=$(median "${b[@]}")
  printf '%-40s after %8s req/s (%s us/req)  before %8s req/s (%s us/req)  after/before %s   [load %s]\n' \
    "$* -P $pipeline" "$ma" "$(median "${ac[@]}")" "$mb" "$(median "${bc[@]}")" "$(ratio "$ma" "$mb")" "$(load_average)"
}

if [ "$commands" = 1 ]; then
  for server in "$after_server" "$before_server"; do
    # shellcheck disable=SC2086
    set -- $server
    bench_rate 127.0.0.1 "$2" 16 50000 PING >/dev/null
    bench_rate 127.0.0.1 "$2" 16 50000 ADDJOB warm payload 0 >/dev/null
  done
  command_turns 1 "$REQUESTS_P1" PING
  command_turns 16 "$REQUESTS_P16" PING
  command_turns 1 "$REQUESTS_P1" ADDJOB bq payload 0
  command_turns 16 "$REQUESTS_P16" ADDJOB bq payload 0
fi

[ "$cycle" = 1 ] || exit 0
common=(--warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
turns "job cycle --max" --max "${common[@]}"
turns "job cycle, plain clients" --max --pipeline 1 --count 1 "${common[@]}"

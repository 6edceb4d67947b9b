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
#
# Sizes from the environment: REPEATS (5), LOADGEN_SECONDS (8), LOADGEN_WARMUP (2),
# CYCLE_WARMUP_JOBS (100000). Everything listens on 127.0.0.1 on spare ports and stops on exit.
# shellcheck source=SCRIPTDIR/lib/prelude.sh
source "$(dirname "$0")/lib/prelude.sh"
# shellcheck source=SCRIPTDIR/lib/measure.sh
source "$BENCH/lib/measure.sh"
# shellcheck source=SCRIPTDIR/lib/report.sh
source "$BENCH/lib/report.sh"
# shellcheck source=SCRIPTDIR/lib/jobcycle.sh
source "$BENCH/lib/jobcycle.sh"

build=1 before_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --before-dir) before_dir=$2; shift ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
[ -n "$before_dir" ] && [ -f "$before_dir/Disque.Gateway.dll" ] || die "--before-dir must name a folder with Disque.Gateway.dll"

REPEATS=${REPEATS:-5} LOADGEN_SECONDS=${LOADGEN_SECONDS:-8} LOADGEN_WARMUP=${LOADGEN_WARMUP:-2}
CYCLE_WARMUP_JOBS=${CYCLE_WARMUP_JOBS:-100000}
begin_gateway_probe before-after "$build"
dotnet build "$BENCH/LoadGen/LoadGen.csproj" -c Release -v quiet -nologo >&2

start_gateway after
after="--host 127.0.0.1 --port $GATEWAY_PORT --pid $GATEWAY_PID"
GATEWAY_DIR=$before_dir start_gateway before
before="--host 127.0.0.1 --port $GATEWAY_PORT --pid $GATEWAY_PID"

# shellcheck disable=SC2086 # word lists on purpose
for at in "$after" "$before"; do loadgen cycle $at --max --jobs "$CYCLE_WARMUP_JOBS" >/dev/null; done

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

common=(--warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
turns "job cycle --max" --max "${common[@]}"
turns "job cycle, plain clients" --max --pipeline 1 --count 1 "${common[@]}"

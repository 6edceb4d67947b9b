#!/usr/bin/env bash
# bench/stores.sh — issue 20, a silo that uses every core: the job cycle on a gateway running one
# job store (Disque:Stores=1) beside one running two (=2), in one run. They take turns, in
# alternating order (REPEATS runs each, LoadGen cycle --max, then plain clients); each figure is
# the median of its runs. Both gateways time their store turns (DISQUE_STORE_CLOCK), so each run
# also splits the server's CPU per job into store time (inside store turns) and the rest (the
# transport: sockets, RESP, posting, replies): what the scaling model in bench/README.md rests on.
#
#   bench/stores.sh              build the gateway, then measure
#   bench/stores.sh --no-build   take this tree's Release build as it is
#
# Sizes from the environment: REPEATS (5), LOADGEN_SECONDS (8), LOADGEN_WARMUP (2),
# CYCLE_WARMUP_JOBS (100000), STORES (the K of the second gateway, 2).
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=SCRIPTDIR/lib/servers.sh
source "$BENCH/lib/servers.sh"
# shellcheck source=SCRIPTDIR/lib/measure.sh
source "$BENCH/lib/measure.sh"
# shellcheck source=SCRIPTDIR/lib/jobcycle.sh
source "$BENCH/lib/jobcycle.sh"

build=1
case "${1:-}" in
  --no-build) build=0 ;;
  "") ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

REPEATS=${REPEATS:-5} LOADGEN_SECONDS=${LOADGEN_SECONDS:-8} LOADGEN_WARMUP=${LOADGEN_WARMUP:-2}
CYCLE_WARMUP_JOBS=${CYCLE_WARMUP_JOBS:-100000} STORES=${STORES:-2}
begin_gateway_probe stores "$build"
dotnet build "$BENCH/LoadGen/LoadGen.csproj" -c Release -v quiet -nologo >&2
TICK=$(getconf CLK_TCK)

declare -A AT PID CLOCK
for k in 1 "$STORES"; do
  CLOCK[$k]="$BENCH_OUT/store-clock-$k"
  DISQUE_STORE_CLOCK=${CLOCK[$k]} start_gateway "stores-$k" "--Disque:Stores=$k"
  AT[$k]="--host 127.0.0.1 --port $GATEWAY_PORT --pid $GATEWAY_PID"
  PID[$k]=$GATEWAY_PID
done
# shellcheck disable=SC2086 # word lists on purpose
for k in 1 "$STORES"; do loadgen cycle ${AT[$k]} --max --jobs "$CYCLE_WARMUP_JOBS" >/dev/null; done

busy_us() { cut -d' ' -f1 "${CLOCK[$1]}" 2>/dev/null || echo 0; }

# one_run K ARG...: a LoadGen run on gateway K; prints "JOBS_PER_S CPU_US_PER_JOB STORE_US_PER_JOB".
one_run() {
  local k=$1 line busy0 cpu0 busy1 cpu1
  shift
  busy0=$(busy_us "$k") cpu0=$(cpu_ticks "${PID[$k]}")
  # shellcheck disable=SC2086
  line=$(loadgen cycle ${AT[$k]} "$@")
  sleep 0.6 # the clock file is written twice a second
  busy1=$(busy_us "$k") cpu1=$(cpu_ticks "${PID[$k]}")
  awk -v j="$(field "$line" jobs_per_s)" -v c="$(per_job "$line")" -v b=$((busy1 - busy0)) -v t=$((cpu1 - cpu0)) -v hz="$TICK" \
    'BEGIN { share = t > 0 ? b / (t * 1000000 / hz) : 0; printf "%s %s %.1f\n", j, c, share * c }'
}

# turns WHAT ARG...: REPEATS runs on each gateway, who goes first alternating; prints the medians.
turns() {
  local what=$1 rep k order r
  shift
  declare -A rate cpu store
  for rep in $(seq 1 "$REPEATS"); do
    order="1 $STORES"
    [ $((rep % 2)) = 0 ] && order="$STORES 1"
    for k in $order; do
      read -r -a r <<<"$(one_run "$k" "$@")"
      rate[$k]+="${r[0]} " cpu[$k]+="${r[1]} " store[$k]+="${r[2]} "
    done
  done
  for k in 1 "$STORES"; do
    # shellcheck disable=SC2086
    local mr mc ms
    mr=$(median ${rate[$k]}) mc=$(median ${cpu[$k]}) ms=$(median ${store[$k]})
    printf '%-28s K=%-2s %8s jobs/s  server %6s us/job = store %6s + transport %6s   [load %s]\n' \
      "$what" "$k" "$mr" "$mc" "$ms" "$(awk -v c="$mc" -v s="$ms" 'BEGIN { printf "%.1f", c - s }')" "$(load_average)"
  done
}

common=(--warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
turns "job cycle --max" --max "${common[@]}"
turns "job cycle, plain clients" --max --pipeline 1 --count 1 "${common[@]}"

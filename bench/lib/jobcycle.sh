# bench/lib/jobcycle.sh — the real job cycle with our own load generator (bench/LoadGen):
# producers ADDJOB, workers GETJOB COUNT k + ACKJOB. First --max, $REPEATS times, for the
# peak of completed jobs/s (median); then --rate at half that peak, $REPEATS times, for
# ADDJOB's p99 latency under a load the server should carry easily. Sourced, not run.

LOADGEN_DLL="$ROOT/bench/LoadGen/bin/Release/net10.0/Disque.LoadGen.dll"

# loadgen ARG...: runs the load generator, its report to the log; prints its RESULT line.
loadgen() {
  local output
  output=$(dotnet "$LOADGEN_DLL" "$@" 2>&1) || { printf '%s\n' "$output" >>"$BENCH_OUT/loadgen.log"; die "LoadGen $* failed (see $BENCH_OUT/loadgen.log)"; }
  { echo "\$ LoadGen $*"; printf '%s\n' "$output"; } >>"$BENCH_OUT/loadgen.log"
  printf '%s\n' "$output" | grep '^  ' >&2 || true
  printf '%s\n' "$output" | grep '^RESULT ' | tail -1
}

# field RESULT_LINE KEY: one value of a RESULT line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# jobcycle_suite HOST PORT [PID]
jobcycle_suite() {
  local host=$1 port=$2 pid=${3:-}
  local common=(--host "$host" --port "$port" --warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS" $LOADGEN_OPTIONS)
  [ -n "$pid" ] && common+=(--pid "$pid")
  local peaks=() results=() rep line
  for rep in $(seq 1 "$REPEATS"); do
    log "LoadGen --max, run $rep of $REPEATS"
    line=$(loadgen cycle --max "${common[@]}")
    results+=("$line")
    peaks+=("$(field "$line" jobs_per_s)")
    record jobcycle ours "cycle --max" "-" "-" "$(field "$line" jobs_per_s)" "-" "-" "${line#RESULT }"
  done
  local peak best
  peak=$(median "${peaks[@]}")
  for line in "${results[@]}"; do [ "$(field "$line" jobs_per_s)" = "$peak" ] && best=$line; done
  row "job cycle --max: completed jobs/s" "-" "$peak" "-" "-" ">= 30000 jobs/s" "$(met "$peak" '>=' 30000)"
  row "  ADDJOB->ACKJOB p50/p99/p99.9 ms (median run)" "-" "$(field "$best" e2e_p50_ms)/$(field "$best" e2e_p99_ms)/$(field "$best" e2e_p999_ms)" "-" "-" "-" "-"
  row "  ADDJOB reply p50/p99 ms at peak" "-" "$(field "$best" add_p50_ms)/$(field "$best" add_p99_ms)" "-" "-" "-" "-"
  note "job cycle --max (median run): $(field "$best" added_per_s) jobs/s added, CPU: LoadGen $(field "$best" loadgen_cores) cores, server $(field "$best" server_cores) cores; errors $(field "$best" errors)"

  local rate=$((peak / 2)) p99s=() p50s=() offered=()
  [ "$rate" -gt 0 ] || die "LoadGen --max completed no jobs"
  for rep in $(seq 1 "$REPEATS"); do
    log "LoadGen --rate $rate, run $rep of $REPEATS"
    line=$(loadgen cycle --rate "$rate" "${common[@]}")
    p99s+=("$(field "$line" add_p99_ms)")
    p50s+=("$(field "$line" add_p50_ms)")
    offered+=("$(field "$line" added_per_s)")
    record jobcycle ours "cycle --rate $rate" "-" "-" "$(field "$line" jobs_per_s)" "-" "-" "${line#RESULT }"
  done
  local p99
  p99=$(median "${p99s[@]}")
  row "ADDJOB p99 ms at half peak (--rate $rate)" "-" "$p99" "-" "-" "<= 2 ms" "$(met "$p99" '<=' 2)"
  row "  ADDJOB p50 ms at half peak" "-" "$(median "${p50s[@]}")" "-" "-" "-" "-"
  note "job cycle --rate $rate: ADDJOBs answered per second in the runs: ${offered[*]}"
}

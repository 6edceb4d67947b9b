# bench/lib/jobcycle.sh — the real job cycle with our own load generator (bench/LoadGen):
# producers ADDJOB, workers GETJOB COUNT k + ACKJOB, blocking in GETJOB TIMEOUT when the
# queue is empty. First --max with LoadGen's defaults (25 producers keeping 8 ADDJOBs in
# flight, 25 workers taking up to 50 jobs), for the peak of completed jobs/s; then plain
# clients (no pipelining, COUNT 1); then --rate at half the peak, for ADDJOB's p99 under
# a load the server should carry easily. Each the median of $REPEATS runs. Sourced, not run.

LOADGEN_DLL="$ROOT/bench/LoadGen/bin/Release/net10.0/Disque.LoadGen.dll"

# loadgen ARG...: runs the load generator, its report to the log; prints its RESULT line.
loadgen() {
  local output
  # Its continuations never block: run them on the socket threads, as the gateway does.
  output=$(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$LOADGEN_DLL" "$@" 2>&1) ||
    { printf '%s\n' "$output" >>"$BENCH_OUT/loadgen.log"; die "LoadGen $* failed (see $BENCH_OUT/loadgen.log)"; }
  { echo "\$ LoadGen $*"; printf '%s\n' "$output"; } >>"$BENCH_OUT/loadgen.log"
  printf '%s\n' "$output" | grep '^  ' >&2 || true
  printf '%s\n' "$output" | grep '^RESULT ' | tail -1
}

# field RESULT_LINE KEY: one value of a RESULT line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# median_cycle KEY ARG...: runs LoadGen cycle $REPEATS times; prints the RESULT line whose KEY is the median.
median_cycle() {
  local key=$1 lines=() values=() rep line middle
  shift
  for rep in $(seq 1 "$REPEATS"); do
    log "LoadGen cycle $*, run $rep of $REPEATS"
    line=$(loadgen cycle "$@")
    record jobcycle ours "cycle $*" - - "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
    lines+=("$line")
    values+=("$(field "$line" "$key")")
  done
  middle=$(median "${values[@]}")
  for line in "${lines[@]}"; do
    if [ "$(field "$line" "$key")" = "$middle" ]; then
      printf '%s\n' "$line"
      return
    fi
  done
}

# jobcycle_suite HOST PORT [PID]
jobcycle_suite() {
  local host=$1 port=$2 pid=${3:-}
  local common=(--host "$host" --port "$port" --warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
  [ -n "$pid" ] && common+=(--pid "$pid")
  # shellcheck disable=SC2206 # LOADGEN_OPTIONS is a list of words on purpose
  common+=($LOADGEN_OPTIONS)

  local best peak
  best=$(median_cycle jobs_per_s --max "${common[@]}")
  peak=$(field "$best" jobs_per_s)
  row "job cycle --max: completed jobs/s" "8" "$peak" "-" "-" ">= 30000 jobs/s" "$(met "$peak" '>=' 30000)" "$(per_job "$best")"
  row "  ADDJOB->ACKJOB ms p50/p99/p99.9" "8" "$(latencies "$best" e2e_p50_ms e2e_p99_ms e2e_p999_ms)" "-" "-" "-" "-"
  row "  ADDJOB reply ms p50/p99" "8" "$(latencies "$best" add_p50_ms add_p99_ms)" "-" "-" "-" "-"
  note "job cycle --max: $(field "$best" added_per_s) jobs/s added; CPU: LoadGen $(field "$best" loadgen_cores) cores, server $(field "$best" server_cores) cores; errors: $(field "$best" errors)"

  local plain
  plain=$(median_cycle jobs_per_s --max --pipeline 1 --count 1 "${common[@]}")
  row "job cycle, plain clients (no pipelining, COUNT 1)" "1" "$(field "$plain" jobs_per_s)" "-" "-" "-" "-" "$(per_job "$plain")"
  row "  ADDJOB->ACKJOB ms p50/p99/p99.9" "1" "$(latencies "$plain" e2e_p50_ms e2e_p99_ms e2e_p999_ms)" "-" "-" "-" "-"

  local rate=$((peak / 2)) paced
  [ "$rate" -gt 0 ] || die "LoadGen --max completed no jobs"
  paced=$(median_cycle add_p99_ms --rate "$rate" "${common[@]}")
  local p99
  p99=$(field "$paced" add_p99_ms)
  row "ADDJOB reply p99 ms at half peak (--rate $rate)" "-" "$p99" "-" "-" "<= 2 ms" "$(met "$p99" '<=' 2)" "$(per_job "$paced")"
  row "  ADDJOB reply ms p50/p99.9; ADDJOB->ACKJOB p99" "-" "$(latencies "$paced" add_p50_ms add_p999_ms e2e_p99_ms)" "-" "-" "-" "-"
  note "job cycle --rate $rate: $(field "$paced" added_per_s) jobs/s added, $(field "$paced" jobs_per_s) completed; CPU: LoadGen $(field "$paced" loadgen_cores), server $(field "$paced" server_cores) cores"
}

# per_job RESULT_LINE: the server's CPU microseconds per completed job (a job is three requests).
per_job() {
  awk -v c="$(field "$1" server_cores)" -v j="$(field "$1" jobs_per_s)" 'BEGIN { if (c == "-" || j + 0 == 0) print "-"; else printf "%.1f per job\n", c * 1000000 / j }'
}

# latencies RESULT_LINE KEY...: the values joined with "/", two decimals.
latencies() {
  local line=$1 out="" key
  shift
  for key in "$@"; do out+="$(printf '%.2f' "$(field "$line" "$key")")/"; done
  printf '%s\n' "${out%/}"
}

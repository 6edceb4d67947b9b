# shellcheck shell=bash
# bench/lib/jobcycle.sh — the real job cycle with our own load generator (bench/LoadGen):
# producers ADDJOB, workers GETJOB COUNT k + ACKJOB, blocking in GETJOB TIMEOUT when the
# queue is empty. First --max with LoadGen's defaults (25 producers keeping 8 ADDJOBs in
# flight, 25 workers taking up to 50 jobs), for the peak of completed jobs/s; then plain
# clients (no pipelining, COUNT 1); then --rate at half the lower of the two peaks, for
# ADDJOB's latency under a load both servers carry. Our gateway and real Disque take turns,
# run by run, with the same LoadGen options; each figure the median of $REPEATS runs.
# Sourced, not run.

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

# field RESULT_LINE KEY: one value of a RESULT line ("-" for an empty line: a server not measured).
field() {
  if [ -z "$1" ]; then
    echo "-"
    return
  fi
  printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}

# median_line KEY RESULT_LINE...: the line whose KEY is the median ("" for no lines).
median_line() {
  local key=$1 line values=() middle
  shift
  [ $# -gt 0 ] || return 0
  for line in "$@"; do values+=("$(field "$line" "$key")"); done
  middle=$(median "${values[@]}")
  for line in "$@"; do
    if [ "$(field "$line" "$key")" = "$middle" ]; then
      printf '%s\n' "$line"
      return
    fi
  done
}

# cycle_turns KEY ARG...: $REPEATS runs of LoadGen cycle ARG..., ours and Disque taking
# turns; sets CYCLE_OURS and CYCLE_DISQUE to the RESULT line whose KEY is each one's
# median (CYCLE_DISQUE empty without Disque). Where each server is: CYCLE_AT_OURS and
# CYCLE_AT_DISQUE, LoadGen's --host/--port/--pid options (the latter empty without Disque).
cycle_turns() {
  local key=$1 ours=() disque=() rep line
  shift
  for rep in $(seq 1 "$REPEATS"); do
    log "LoadGen cycle $*, run $rep of $REPEATS"
    # shellcheck disable=SC2086 # word lists on purpose
    line=$(loadgen cycle $CYCLE_AT_OURS "$@")
    record jobcycle ours "cycle $*" - - "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
    ours+=("$line")
    if [ -n "$CYCLE_AT_DISQUE" ]; then
      # shellcheck disable=SC2086
      line=$(loadgen cycle $CYCLE_AT_DISQUE "$@")
      record jobcycle disque "cycle $*" - - "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
      disque+=("$line")
    fi
  done
  CYCLE_OURS=$(median_line "$key" "${ours[@]}")
  CYCLE_DISQUE=$(median_line "$key" "${disque[@]}")
}

# jobcycle_suite HOST PORT [PID [DISQUE_PORT DISQUE_PID]]
jobcycle_suite() {
  local host=$1 port=$2 pid=${3:-} disque_port=${4:-} disque_pid=${5:-}
  CYCLE_AT_OURS="--host $host --port $port${pid:+ --pid $pid}"
  CYCLE_AT_DISQUE=${disque_port:+--host 127.0.0.1 --port $disque_port --pid $disque_pid}
  local common=(--warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
  # shellcheck disable=SC2206 # LOADGEN_OPTIONS is a list of words on purpose
  common+=($LOADGEN_OPTIONS)
  # Fresh servers: JIT, tiered compilation and the first activations happen here, untimed.
  log "warming up: $CYCLE_WARMUP_JOBS job cycles on each server"
  # shellcheck disable=SC2086 # word lists on purpose
  loadgen cycle $CYCLE_AT_OURS --max --jobs "$CYCLE_WARMUP_JOBS" >/dev/null
  if [ -n "$CYCLE_AT_DISQUE" ]; then
    # shellcheck disable=SC2086
    loadgen cycle $CYCLE_AT_DISQUE --max --jobs "$CYCLE_WARMUP_JOBS" >/dev/null
  fi

  cycle_turns jobs_per_s --max "${common[@]}"
  local peak disque_peak
  peak=$(field "$CYCLE_OURS" jobs_per_s)
  disque_peak=$(field "$CYCLE_DISQUE" jobs_per_s)
  cycle_rows "job cycle --max: completed jobs/s" 8 jobs_per_s ">= 1.0 x Disque" 1.0
  cycle_rows "  ADDJOB->ACKJOB ms p50/p99/p99.9" 8 "e2e_p50_ms e2e_p99_ms e2e_p999_ms"
  cycle_rows "  ADDJOB reply ms p50/p99" 8 "add_p50_ms add_p99_ms"
  cycle_notes "job cycle --max"

  # Ours beyond Disque: the same cycle with a failure policy and a priority on every job,
  # beside Disque's plain cycle (Disque has no such options).
  local plain_disque=$CYCLE_DISQUE at_disque=$CYCLE_AT_DISQUE
  CYCLE_AT_DISQUE=""
  cycle_turns jobs_per_s --max --addjob-options "MAXDELIVERIES 5 BACKOFF 1 60 PRIORITY 5" "${common[@]}"
  CYCLE_AT_DISQUE=$at_disque CYCLE_DISQUE=$plain_disque
  cycle_rows "job cycle --max, every job MAXDELIVERIES 5 BACKOFF 1 60 PRIORITY 5 (Disque: plain)" 8 jobs_per_s

  cycle_turns jobs_per_s --max --pipeline 1 --count 1 "${common[@]}"
  cycle_rows "job cycle, plain clients (no pipelining, COUNT 1)" 1 jobs_per_s ">= 1.0 x Disque" 1.0
  cycle_rows "  ADDJOB->ACKJOB ms p50/p99/p99.9" 1 "e2e_p50_ms e2e_p99_ms e2e_p999_ms"
  cycle_notes "job cycle, plain clients"

  # Ours only (Disque has no groups): the same --max cycle, each job in one of 1,000 groups in turn.
  local disque_at=$CYCLE_AT_DISQUE
  CYCLE_AT_DISQUE=
  cycle_turns jobs_per_s --max --groups 1000 "${common[@]}"
  CYCLE_AT_DISQUE=$disque_at
  cycle_rows "job cycle --max, 1,000 groups (ours only: GROUP)" 8 jobs_per_s
  cycle_rows "  ADDJOB->ACKJOB ms p50/p99/p99.9" 8 "e2e_p50_ms e2e_p99_ms e2e_p999_ms"
  cycle_notes "job cycle --max, 1,000 groups"

  # Ours only: every ADDJOB claims a key of its own (UNIQUE), a key grain each. A fixed number
  # of jobs, not a duration: each key's grain stays active until Orleans collects it (~6 KB).
  CYCLE_AT_DISQUE=
  cycle_turns jobs_per_s --max --unique --jobs 30000
  CYCLE_AT_DISQUE=$disque_at
  cycle_rows "job cycle --max, 30,000 jobs, each ADDJOB with a UNIQUE key of its own (ours only)" 8 jobs_per_s
  cycle_rows "  ADDJOB reply ms p50/p99" 8 "add_p50_ms add_p99_ms"
  cycle_notes "job cycle --max with UNIQUE"

  # The same offered load for both: half the lower peak, which each of them can carry.
  local rate
  rate=$(awk -v a="$peak" -v b="$disque_peak" 'BEGIN { m = a + 0; if (b != "-" && b + 0 < m) m = b + 0; printf "%d", m / 2 }')
  [ "$rate" -gt 0 ] || die "LoadGen --max completed no jobs"
  cycle_turns add_p99_ms --rate "$rate" "${common[@]}"
  cycle_rows "ADDJOB reply p99 ms at half peak (--rate $rate; lower is better)" - add_p99_ms
  cycle_rows "  ADDJOB reply ms p50/p99.9; ADDJOB->ACKJOB p99" - "add_p50_ms add_p999_ms e2e_p99_ms"
  cycle_notes "job cycle --rate $rate"
}

# cycle_rows WHAT PIPELINE "KEY..." [TARGET LIMIT]: a row of CYCLE_OURS beside CYCLE_DISQUE.
# One KEY: its value, ours/Disque, the server CPU per job, and the target if any (a ratio
# at least LIMIT); several: the values joined with "/" (latencies).
cycle_rows() {
  local what=$1 pipeline=$2 keys=$3 target=${4:--} limit=${5:-}
  local ours disque r=- judged=- cpu=-
  if [[ $keys == *" "* ]]; then
    # shellcheck disable=SC2086 # a list of keys
    ours=$(latencies "$CYCLE_OURS" $keys)
    # shellcheck disable=SC2086
    disque=$(latencies "$CYCLE_DISQUE" $keys)
  else
    ours=$(field "$CYCLE_OURS" "$keys")
    disque=$(field "$CYCLE_DISQUE" "$keys")
    r=$(ratio "$ours" "$disque")
    cpu="$(per_job "$CYCLE_OURS") / $(per_job "$CYCLE_DISQUE") per job"
  fi
  if [ -n "$limit" ]; then judged=$(met "$r" '>=' "$limit"); fi
  row "$what" "$pipeline" "$ours" "$(dq "$disque")" "$r" - - "$target" "$judged" "$cpu"
}

# cycle_notes WHAT: what each side added, and the CPU the load generator and the server took.
cycle_notes() {
  local server line
  for server in ours disque; do
    line=$CYCLE_OURS
    [ "$server" = disque ] && line=$CYCLE_DISQUE
    [ -n "$line" ] || continue
    note "$1, $server: $(field "$line" added_per_s) jobs/s added, $(field "$line" jobs_per_s) completed; CPU: LoadGen $(field "$line" loadgen_cores) cores, server $(field "$line" server_cores) cores; errors: $(field "$line" errors)"
  done
}

# per_job RESULT_LINE: the server's CPU microseconds per completed job (a job is three requests).
per_job() {
  awk -v c="$(field "$1" server_cores)" -v j="$(field "$1" jobs_per_s)" 'BEGIN { if (c == "-" || j == "-" || j + 0 == 0) print "-"; else printf "%.1f\n", c * 1000000 / j }'
}

# latencies RESULT_LINE KEY...: the values joined with "/", two decimals ("-" without a line).
latencies() {
  local line=$1 out="" key
  shift
  [ -n "$line" ] || { echo "-"; return; }
  for key in "$@"; do out+="$(printf '%.2f' "$(field "$line" "$key")")/"; done
  printf '%s\n' "${out%/}"
}

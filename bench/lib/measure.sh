# shellcheck shell=bash
# bench/lib/measure.sh — one redis-benchmark figure, the median of several, and the
# queue checks that make a GETJOB figure count real deliveries. Sourced, not run.

# bench_rate HOST PORT PIPELINE REQUESTS COMMAND...: prints the requests/s redis-benchmark measured.
bench_rate() {
  local host=$1 port=$2 pipeline=$3 requests=$4
  shift 4
  local line
  line=$(redis-benchmark -h "$host" -p "$port" -c "$CLIENTS" -n "$requests" -P "$pipeline" -q "$@" \
    2>>"$BENCH_OUT/redis-benchmark.stderr" | tr '\r' '\n' | grep 'requests per second' | tail -1) || true
  [[ $line =~ :\ ([0-9.]+)\ requests\ per\ second ]] ||
    die "redis-benchmark printed no rate for '$*' on $host:$port (see $BENCH_OUT/redis-benchmark.stderr)"
  printf '%.0f\n' "${BASH_REMATCH[1]}"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# resp HOST PORT COMMAND...: the reply as redis-cli prints it without a terminal.
resp() {
  local host=$1 port=$2
  shift 2
  redis-cli -h "$host" -p "$port" "$@" 2>/dev/null | tr -d '\r'
}

# queued KIND HOST PORT QUEUE: jobs waiting in a Disque queue (KIND disque) or items in a Redis list (KIND redis).
queued() {
  local n
  if [ "$1" = disque ]; then n=$(resp "$2" "$3" QLEN "$4"); else n=$(resp "$2" "$3" LLEN "$4"); fi
  [[ $n =~ ^[0-9]+$ ]] || die "could not read the length of $4 on $2:$3 (got '$n')"
  echo "$n"
}

# jobs_out HOST PORT QUEUE: QSTAT's jobs-out, every job ever taken from the queue (0 if never used).
# Unlike a QLEN difference it is not fooled by a job queued again (RETRY) during the measurement.
jobs_out() {
  resp "$1" "$2" QSTAT "$3" | awk 'previous == "jobs-out" { print; found = 1; exit } { previous = $0 } END { if (!found) print 0 }'
}

# fill_to KIND HOST PORT QUEUE WANTED: adds items (ADDJOB or LPUSH, pipelined, not measured) until WANTED wait.
fill_to() {
  local kind=$1 host=$2 port=$3 queue=$4 wanted=$5 have
  for _ in 1 2 3; do
    have=$(queued "$kind" "$host" "$port" "$queue")
    [ "$have" -ge "$wanted" ] && return 0
    if [ "$kind" = disque ]; then
      bench_rate "$host" "$port" 16 $((wanted - have)) ADDJOB "$queue" payload 0 >/dev/null
    else
      bench_rate "$host" "$port" 16 $((wanted - have)) LPUSH "$queue" payload >/dev/null
    fi
  done
  have=$(queued "$kind" "$host" "$port" "$queue")
  [ "$have" -ge "$wanted" ] || die "could not fill $queue on $host:$port to $wanted (it holds $have)"
}

# record SUITE SERVER COMMAND PIPELINE REQUESTS RATE BEFORE AFTER NOTE: one line of measurements.tsv.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date +%H:%M:%S)" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "$(load_average)" \
    >>"$BENCH_OUT/measurements.tsv"
}

# cpu_ticks PID...: user plus system CPU time of the processes, in clock ticks.
cpu_ticks() {
  local pid total=0
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# timed_rate "PID..." HOST PORT PIPELINE REQUESTS COMMAND...: prints "RATE CPU_US", CPU_US being
# the server's CPU microseconds per request ("-" without pids: a server on another host).
timed_rate() {
  local pids=$1
  shift
  local before after rate
  # shellcheck disable=SC2086 # a list of pids
  before=$(cpu_ticks $pids)
  rate=$(bench_rate "$@")
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  if [ -z "$pids" ]; then
    echo "$rate -"
  else
    awk -v r="$rate" -v t=$((after - before)) -v n="$4" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%s %.1f\n", r, t * 1000000 / hz / n }'
  fi
}

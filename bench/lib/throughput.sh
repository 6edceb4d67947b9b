# bench/lib/throughput.sh — redis-benchmark side by side: ADDJOB against Redis's LPUSH,
# GETJOB NOHANG against RPOP, at -P 1 and -P 16, each the median of $REPEATS runs.
# Ours and Redis take turns, run by run, so a change in the machine's load hits both.
# Before a GETJOB run the queue holds more jobs than the run asks for; QSTAT's jobs-out
# tells how many the run really took, so an empty reply is never counted as a delivery.
# Beside each rate: the server's CPU time per request (from /proc), which a busy machine
# disturbs far less than the rate. Sourced, not run.
#
# OURS_PIDS: the processes of our server (empty with --target); REDIS_PID: redis-server's.

# throughput_suite HOST PORT [REDIS_PORT]: without REDIS_PORT (--target) only our side is measured.
throughput_suite() {
  local host=$1 port=$2 redis_port=${3:-}
  warm_up "$host" "$port" "$redis_port"
  local pipeline
  for pipeline in 1 16; do
    local requests=$REQUESTS_P1
    [ "$pipeline" = 16 ] && requests=$REQUESTS_P16
    local add=() push=() get=() pop=() rep
    fill_to disque "$host" "$port" bq "$MARGIN"
    [ -n "$redis_port" ] && fill_to redis 127.0.0.1 "$redis_port" bq "$MARGIN"
    for rep in $(seq 1 "$REPEATS"); do
      log "-P $pipeline, run $rep of $REPEATS ($requests requests each)"
      add+=("$(measure_add "$host" "$port" "$pipeline" "$requests")")
      [ -n "$redis_port" ] && push+=("$(measure_push "$redis_port" "$pipeline" "$requests")")
      get+=("$(measure_get "$host" "$port" "$pipeline" "$requests")")
      [ -n "$redis_port" ] && pop+=("$(measure_pop "$redis_port" "$pipeline" "$requests")")
    done
    local target=0.9
    [ "$pipeline" = 16 ] && target=0.19
    throughput_row "ADDJOB bq payload 0" "LPUSH" "$pipeline" "$target" "${#push[@]}" "${add[@]}" "${push[@]}"
    throughput_row "GETJOB NOHANG FROM bq" "RPOP" "$pipeline" "$target" "${#pop[@]}" "${get[@]}" "${pop[@]}"
    THROUGHPUT_ADD[$pipeline]="$(median $(rates "${add[@]}")) $(median $(cpus "${add[@]}"))"
  done
}

# Each measurement is "RATE CPU_US"; rates and cpus pick one half of a list of them.
rates() { local m; for m in "$@"; do echo "${m% *}"; done; }
cpus() { local m; for m in "$@"; do echo "${m#* }"; done; }

# throughput_row COMMAND REDIS_COMMAND PIPELINE TARGET_RATIO REDIS_COUNT OURS... REDIS...
throughput_row() {
  local what=$1 versus=$2 pipeline=$3 target=$4 count=$5
  shift 5
  local ours=("${@:1:$(($# - count))}") redis=("${@:$(($# - count + 1))}")
  local rate cpu
  rate=$(median $(rates "${ours[@]}"))
  cpu=$(median $(cpus "${ours[@]}"))
  if [ "$count" = 0 ]; then
    row "$what" "$pipeline" "$rate" "-" "-" "-" "-" "$cpu"
    return
  fi
  local redis_rate redis_cpu r
  redis_rate=$(median $(rates "${redis[@]}"))
  redis_cpu=$(median $(cpus "${redis[@]}"))
  r=$(ratio "$rate" "$redis_rate")
  row "$what vs $versus" "$pipeline" "$rate" "$redis_rate" "$r" ">= $target x" "$(met "$r" '>=' "$target")" "$cpu / $redis_cpu"
}

# JIT, tiered compilation and the grains' activation happen here, not in the first measured run.
warm_up() {
  local host=$1 port=$2 redis_port=$3
  log "warming up"
  bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" ADDJOB warm payload 0 >/dev/null
  bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" GETJOB NOHANG FROM warm >/dev/null
  bench_rate "$host" "$port" 1 $((WARMUP_REQUESTS / 4)) ADDJOB warm payload 0 >/dev/null
  bench_rate "$host" "$port" 1 $((WARMUP_REQUESTS / 4)) GETJOB NOHANG FROM warm >/dev/null
  if [ -n "$redis_port" ]; then
    bench_rate 127.0.0.1 "$redis_port" 16 "$WARMUP_REQUESTS" LPUSH warm payload >/dev/null
    bench_rate 127.0.0.1 "$redis_port" 16 "$WARMUP_REQUESTS" RPOP warm >/dev/null
  fi
}

# Each measure_* prints "RATE CPU_US" and records the queue before and after.

# measure_add HOST PORT PIPELINE REQUESTS [ADDJOB OPTION...]
measure_add() {
  local host=$1 port=$2 pipeline=$3 requests=$4 before after result
  shift 4
  before=$(queued disque "$host" "$port" bq)
  result=$(timed_rate "$OURS_PIDS" "$host" "$port" "$pipeline" "$requests" ADDJOB bq payload 0 "$@")
  after=$(queued disque "$host" "$port" bq)
  record throughput ours "ADDJOB $*" "$pipeline" "$requests" "$result" "$before" "$after" "added $((after - before))"
  [ $((after - before)) -ge "$requests" ] || note "ADDJOB $* -P $pipeline: QLEN grew by $((after - before)), not $requests: some ADDJOBs failed"
  echo "$result"
}

measure_push() {
  local port=$1 pipeline=$2 requests=$3 before after result
  before=$(queued redis 127.0.0.1 "$port" bq)
  result=$(timed_rate "$REDIS_PID" 127.0.0.1 "$port" "$pipeline" "$requests" LPUSH bq payload)
  after=$(queued redis 127.0.0.1 "$port" bq)
  record throughput redis LPUSH "$pipeline" "$requests" "$result" "$before" "$after" "pushed $((after - before))"
  echo "$result"
}

measure_get() {
  local host=$1 port=$2 pipeline=$3 requests=$4 before after out_before out_after result
  fill_to disque "$host" "$port" bq $((requests + MARGIN))
  before=$(queued disque "$host" "$port" bq)
  out_before=$(jobs_out "$host" "$port" bq)
  result=$(timed_rate "$OURS_PIDS" "$host" "$port" "$pipeline" "$requests" GETJOB NOHANG FROM bq)
  after=$(queued disque "$host" "$port" bq)
  out_after=$(jobs_out "$host" "$port" bq)
  local taken=$((out_after - out_before))
  record throughput ours GETJOB "$pipeline" "$requests" "$result" "$before" "$after" "delivered $taken"
  if [ "$taken" -lt "$requests" ] || [ "$after" -eq 0 ]; then
    note "GETJOB -P $pipeline: the queue ran dry: $taken jobs delivered for $requests requests (QLEN $before -> $after)"
  fi
  echo "$result"
}

measure_pop() {
  local port=$1 pipeline=$2 requests=$3 before after result
  fill_to redis 127.0.0.1 "$port" bq $((requests + MARGIN))
  before=$(queued redis 127.0.0.1 "$port" bq)
  result=$(timed_rate "$REDIS_PID" 127.0.0.1 "$port" "$pipeline" "$requests" RPOP bq)
  after=$(queued redis 127.0.0.1 "$port" bq)
  record throughput redis RPOP "$pipeline" "$requests" "$result" "$before" "$after" "popped $((before - after))"
  [ "$after" -gt 0 ] || note "RPOP -P $pipeline: the list ran dry (LLEN $before -> 0)"
  echo "$result"
}

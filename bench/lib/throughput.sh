# shellcheck shell=bash
# bench/lib/throughput.sh — redis-benchmark side by side: ADDJOB and GETJOB NOHANG against
# our gateway and real Disque (the same commands), and against Redis's LPUSH and RPOP, at
# -P 1 and -P 16, each the median of $REPEATS runs. The servers take turns, run by run
# (ours, Disque, Redis), so a change in the machine's load hits them all. Before a GETJOB
# run the queue holds more jobs than the run asks for; QSTAT's jobs-out tells how many the
# run really took, so an empty reply is never counted as a delivery. Beside each rate: the
# server's CPU time per request (from /proc), which a busy machine disturbs far less than
# the rate. Sourced, not run.
#
# OURS_PIDS: the processes of our server (empty with --target); DISQUE_PID, REDIS_PID.

# throughput_suite HOST PORT [REDIS_PORT [DISQUE_PORT]]: ours on HOST:PORT; Disque and Redis
# on 127.0.0.1, each left out when its port is empty (--target, or no Disque given).
throughput_suite() {
  local host=$1 port=$2 redis_port=${3:-} disque_port=${4:-}
  log "warming up"
  warm_up disque "$host" "$port"
  [ -n "$disque_port" ] && warm_up disque 127.0.0.1 "$disque_port"
  [ -n "$redis_port" ] && warm_up redis 127.0.0.1 "$redis_port"
  local pipeline
  for pipeline in 1 16; do
    local requests=$REQUESTS_P1
    [ "$pipeline" = 16 ] && requests=$REQUESTS_P16
    local add=() disque_add=() push=() get=() disque_get=() pop=() rep
    # The jobs GETJOB took are active, never acked: each pipeline starts from empty servers, so
    # the runs before (1.5M jobs by then) do not fill Disque's maxmemory and turn ADDJOB into -NOREPL.
    # Only the servers this script started are flushed.
    [ -z "$target" ] && redis-cli -h "$host" -p "$port" DEBUG FLUSHALL >/dev/null # never a --target's jobs
    [ -n "$disque_port" ] && redis-cli -p "$disque_port" DEBUG FLUSHALL >/dev/null
    [ -n "$redis_port" ] && redis-cli -p "$redis_port" FLUSHALL >/dev/null
    fill_to disque "$host" "$port" bq "$MARGIN"
    [ -n "$disque_port" ] && fill_to disque 127.0.0.1 "$disque_port" bq "$MARGIN"
    [ -n "$redis_port" ] && fill_to redis 127.0.0.1 "$redis_port" bq "$MARGIN"
    for rep in $(seq 1 "$REPEATS"); do
      log "-P $pipeline, run $rep of $REPEATS ($requests requests each)"
      add+=("$(measure_add ours "$host" "$port" "$pipeline" "$requests")")
      [ -n "$disque_port" ] && disque_add+=("$(measure_add disque 127.0.0.1 "$disque_port" "$pipeline" "$requests")")
      [ -n "$redis_port" ] && push+=("$(measure_push "$redis_port" "$pipeline" "$requests")")
      get+=("$(measure_get ours "$host" "$port" "$pipeline" "$requests")")
      [ -n "$disque_port" ] && disque_get+=("$(measure_get disque 127.0.0.1 "$disque_port" "$pipeline" "$requests")")
      [ -n "$redis_port" ] && pop+=("$(measure_pop "$redis_port" "$pipeline" "$requests")")
    done
    local target=0.9
    [ "$pipeline" = 16 ] && target=1.0
    throughput_row "ADDJOB bq payload 0 (Redis: LPUSH)" "$pipeline" "$target" \
      "$(medians "${add[@]}")" "$(medians "${disque_add[@]}")" "$(medians "${push[@]}")"
    throughput_row "GETJOB NOHANG FROM bq (Redis: RPOP)" "$pipeline" "$target" \
      "$(medians "${get[@]}")" "$(medians "${disque_get[@]}")" "$(medians "${pop[@]}")"
    THROUGHPUT_ADD[pipeline]=$(medians "${add[@]}")
  done
}

# Each measurement is "RATE CPU_US"; medians prints the median rate and the median CPU of a
# list of them ("- -" for an empty list: a server that was not measured).
medians() {
  if [ $# -eq 0 ]; then
    echo "- -"
    return
  fi
  local m rates=() cpus=()
  for m in "$@"; do
    rates+=("${m% *}")
    cpus+=("${m#* }")
  done
  echo "$(median "${rates[@]}") $(median "${cpus[@]}")"
}

# throughput_row WHAT PIPELINE TARGET_RATIO "OURS" "DISQUE" "REDIS": each "RATE CPU_US" or "- -".
throughput_row() {
  local what=$1 pipeline=$2 target=$3 ours=$4 disque=$5 redis=$6 r
  r=$(ratio "${ours% *}" "${disque% *}")
  row "$what" "$pipeline" "${ours% *}" "$(dq "${disque% *}")" "$r" "${redis% *}" "$(ratio "${ours% *}" "${redis% *}")" \
    ">= $target x Disque" "$(met "$r" '>=' "$target")" "${ours#* } / ${disque#* } / ${redis#* }"
}

# warm_up KIND HOST PORT: JIT, tiered compilation and the grains' activation happen here, not
# in the first measured run (KIND disque: ours or real Disque, the same commands; redis).
warm_up() {
  local kind=$1 host=$2 port=$3
  if [ "$kind" = disque ]; then
    bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" ADDJOB warm payload 0 >/dev/null
    bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" GETJOB NOHANG FROM warm >/dev/null
    bench_rate "$host" "$port" 1 $((WARMUP_REQUESTS / 4)) ADDJOB warm payload 0 >/dev/null
    bench_rate "$host" "$port" 1 $((WARMUP_REQUESTS / 4)) GETJOB NOHANG FROM warm >/dev/null
  else
    bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" LPUSH warm payload >/dev/null
    bench_rate "$host" "$port" 16 "$WARMUP_REQUESTS" RPOP warm >/dev/null
  fi
}

# server_pids SERVER: the processes whose CPU a measurement of SERVER (ours or disque) counts.
server_pids() { if [ "$1" = disque ]; then echo "$DISQUE_PID"; else echo "$OURS_PIDS"; fi; }

# Each measure_* prints "RATE CPU_US" and records the queue before and after.

# measure_add SERVER HOST PORT PIPELINE REQUESTS [ADDJOB OPTION...]: SERVER is ours or disque.
measure_add() {
  local server=$1 host=$2 port=$3 pipeline=$4 requests=$5 before after result
  shift 5
  before=$(queued disque "$host" "$port" bq)
  result=$(timed_rate "$(server_pids "$server")" "$host" "$port" "$pipeline" "$requests" ADDJOB bq payload 0 "$@")
  after=$(queued disque "$host" "$port" bq)
  record throughput "$server" "ADDJOB $*" "$pipeline" "$requests" "$result" "$before" "$after" "added $((after - before))"
  [ $((after - before)) -ge "$requests" ] || note "$server: ADDJOB $* -P $pipeline: QLEN grew by $((after - before)), not $requests: some ADDJOBs failed"
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

# measure_get SERVER HOST PORT PIPELINE REQUESTS
measure_get() {
  local server=$1 host=$2 port=$3 pipeline=$4 requests=$5 before after out_before out_after result
  fill_to disque "$host" "$port" bq $((requests + MARGIN))
  before=$(queued disque "$host" "$port" bq)
  out_before=$(jobs_out "$host" "$port" bq)
  result=$(timed_rate "$(server_pids "$server")" "$host" "$port" "$pipeline" "$requests" GETJOB NOHANG FROM bq)
  after=$(queued disque "$host" "$port" bq)
  out_after=$(jobs_out "$host" "$port" bq)
  local taken=$((out_after - out_before))
  record throughput "$server" GETJOB "$pipeline" "$requests" "$result" "$before" "$after" "delivered $taken"
  if [ "$taken" -lt "$requests" ] || [ "$after" -eq 0 ]; then
    note "$server: GETJOB -P $pipeline: the queue ran dry: $taken jobs delivered for $requests requests (QLEN $before -> $after)"
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

# shellcheck shell=bash
# bench/lib/cluster.sh — three silos on this machine, as scripts/cluster.sh lays them out
# (a redis-server holding Orleans' membership table, the first silo a gateway), but every
# port a spare one, so it runs beside a user's own cluster on 6379/7711/11111. Measures
# ADDJOB REPLICATE 2 (each job written to two silos before the reply) against the
# single-silo ADDJOB of the same run. Sourced, not run.

cluster_suite() {
  local single1=${THROUGHPUT_ADD[1]:-} single16=${THROUGHPUT_ADD[16]:-}
  if [ -z "$single1" ] || [ -z "$single16" ]; then
    start_gateway gateway-single
    OURS_PIDS=$GATEWAY_PID
    single1=$(median_add 127.0.0.1 "$GATEWAY_PORT" 1 "$REQUESTS_P1")
    single16=$(median_add 127.0.0.1 "$GATEWAY_PORT" 16 "$REQUESTS_P16")
    stop_process "$GATEWAY_PID"
  fi

  start_our_cluster cluster
  local gateway=$CLUSTER_PORT pids=("${CLUSTER_PIDS[@]}")

  # CPU per request: all three silos together.
  OURS_PIDS="${pids[*]}"
  cluster_row 1 "$(median_add 127.0.0.1 "$gateway" 1 "$REQUESTS_P1" REPLICATE 2)" "$single1"
  cluster_row 16 "$(median_add 127.0.0.1 "$gateway" 16 "$REQUESTS_P16" REPLICATE 2)" "$single16"
  stop_process "${pids[@]}"
  stop_process "$CLUSTER_MEMBERSHIP_PID"
}

# start_our_cluster NAME: a redis-server for membership, a gateway silo and two plain silos,
# from GATEWAY_DIR and SILO_DIR; waits until the gateway sees all three. Sets CLUSTER_PORT (the
# gateway's RESP port), CLUSTER_PIDS (gateway first) and CLUSTER_MEMBERSHIP_PID.
start_our_cluster() {
  local name=$1
  start_redis "$name-membership"
  CLUSTER_MEMBERSHIP_PID=$REDIS_PID
  local clustering=(--Disque:Clustering=redis "--Disque:RedisConnection=127.0.0.1:$REDIS_PORT" --Disque:AdvertisedIP=127.0.0.1)
  start_gateway "$name-gateway0" "${clustering[@]}"
  CLUSTER_PORT=$GATEWAY_PORT CLUSTER_PIDS=("$GATEWAY_PID")
  start_silo "$name-silo1" "${clustering[@]}"
  CLUSTER_PIDS+=("$LAST_PID")
  start_silo "$name-silo2" "${clustering[@]}"
  CLUSTER_PIDS+=("$LAST_PID")
  wait_cluster "$CLUSTER_PORT" 3
}

# cluster_row PIPELINE "RATE CPU" "SINGLE_RATE SINGLE_CPU": the figure is the ratio to one
# silo (the target's reference is our own single silo, not Disque); both rates in the text.
cluster_row() {
  local pipeline=$1 rate=${2% *} cpu=${2#* } single=${3% *} single_cpu=${3#* } r
  r=$(ratio "$rate" "$single")
  row "3 silos: ADDJOB REPLICATE 2 / 1 silo's ADDJOB ($rate / $single per s)" "$pipeline" "$r" - - - - \
    ">= 0.5 x 1 silo" "$(met "$r" '>=' 0.5)" "3 silos $cpu / 1 silo $single_cpu"
}

# median_add HOST PORT PIPELINE REQUESTS [ADDJOB OPTION...]: warm-up, then $REPEATS ADDJOB runs;
# prints the median rate and the median CPU per request.
median_add() {
  local host=$1 port=$2 pipeline=$3 requests=$4 runs=() rep
  shift 4
  bench_rate "$host" "$port" "$pipeline" "$WARMUP_REQUESTS" ADDJOB warm payload 0 "$@" >/dev/null
  for rep in $(seq 1 "$REPEATS"); do
    log "ADDJOB${*:+ $*} -P $pipeline on $host:$port, run $rep of $REPEATS"
    runs+=("$(measure_add ours "$host" "$port" "$pipeline" "$requests" "$@")")
  done
  medians "${runs[@]}"
}

# wait_cluster PORT SILOS: until the gateway on PORT knows every silo.
wait_cluster() {
  local port=$1 silos=$2
  for _ in $(seq 1 240); do
    resp 127.0.0.1 "$port" CLUSTER INFO | grep -q "^cluster_known_nodes:$silos\$" && { log "cluster of $silos silos formed"; return 0; }
    sleep 0.5
  done
  die "the cluster did not reach $silos silos in 120 s (logs in $BENCH_OUT)"
}

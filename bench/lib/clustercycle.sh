# shellcheck shell=bash
# bench/lib/clustercycle.sh — the job cycle on three nodes with REPLICATE 2 (issue 20): ours, a
# gateway silo and two plain silos (start_our_cluster), beside a real 3-node Disque cluster
# (three disque-server processes joined with CLUSTER MEET). Producers and workers all talk to
# one node (our gateway, Disque's first node); every job is copied to two nodes before ADDJOB's
# reply, and its ACK reaches both copies. The CPU per job is the three nodes' CPU together.
# With CLUSTER_BEFORE_ROOT=DIR (another tree, built in Release) a third cluster from that tree
# takes its turns too: a before/after in one run. Sourced, not run.

# start_disque_cluster: three Disque nodes, each in an empty directory of its own, joined into
# one cluster; sets DISQUE_PORT (the first node's) and DISQUE_CLUSTER_PIDS.
start_disque_cluster() {
  local ports=() node
  DISQUE_CLUSTER_PIDS=()
  for node in 0 1 2; do
    start_disque "disque-node$node"
    ports+=("$DISQUE_PORT")
    DISQUE_CLUSTER_PIDS+=("$DISQUE_PID")
  done
  for node in 1 2; do
    [ "$(resp 127.0.0.1 "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[$node]}")" = OK ] ||
      die "CLUSTER MEET 127.0.0.1 ${ports[$node]} failed on 127.0.0.1:${ports[0]}"
  done
  for node in 0 1 2; do wait_disque_nodes "${ports[$node]}" 3; done
  DISQUE_PORT=${ports[0]}
}

# wait_disque_nodes PORT NODES: until HELLO on PORT lists NODES nodes (two header lines, then four per node).
wait_disque_nodes() {
  local port=$1 nodes=$2
  for _ in $(seq 1 240); do
    [ "$(resp 127.0.0.1 "$port" HELLO | wc -l)" -ge $((2 + 4 * nodes)) ] && { log "Disque on $port sees $nodes nodes"; return 0; }
    sleep 0.5
  done
  die "Disque on $port did not see $nodes nodes in 120 s (logs in $BENCH_OUT)"
}

# at_cluster PORT PID...: LoadGen's options for a cluster: the node on PORT (the first PID) takes
# every command, every PID's CPU counts.
at_cluster() {
  local port=$1 first=$2
  shift 2
  local others
  others=$(IFS=,; echo "$*")
  echo "--host 127.0.0.1 --port $port --pid $first${others:+ --also-pids $others}"
}

clustercycle_suite() {
  local servers=() at=() name
  start_our_cluster ours
  servers+=(ours) at+=("$(at_cluster "$CLUSTER_PORT" "${CLUSTER_PIDS[@]}")")
  if [ -n "${CLUSTER_BEFORE_ROOT:-}" ]; then
    GATEWAY_DIR="$CLUSTER_BEFORE_ROOT/Gateway/bin/Release/net10.0" SILO_DIR="$CLUSTER_BEFORE_ROOT/Silo/bin/Release/net10.0" \
      start_our_cluster before
    servers+=(before) at+=("$(at_cluster "$CLUSTER_PORT" "${CLUSTER_PIDS[@]}")")
  fi
  if [ -n "$DISQUE_BIN" ]; then
    start_disque_cluster
    servers+=(disque) at+=("$(at_cluster "$DISQUE_PORT" "${DISQUE_CLUSTER_PIDS[@]}")")
  fi
  local options=(--max --addjob-options "REPLICATE 2" --warmup "$LOADGEN_WARMUP" --duration "$LOADGEN_SECONDS")
  # shellcheck disable=SC2206 # LOADGEN_OPTIONS is a list of words on purpose
  options+=($LOADGEN_OPTIONS)
  log "warming up: $CYCLE_WARMUP_JOBS job cycles with REPLICATE 2 on each cluster"
  local i
  for i in "${!servers[@]}"; do
    # shellcheck disable=SC2086 # word lists on purpose
    loadgen cycle ${at[$i]} --max --addjob-options "REPLICATE 2" --jobs "$CYCLE_WARMUP_JOBS" >/dev/null
  done

  # Turns: who goes first moves each run, so none always meets a machine another just warmed.
  declare -A lines=()
  local rep k line
  for rep in $(seq 1 "$REPEATS"); do
    for k in "${!servers[@]}"; do
      i=$(((k + rep) % ${#servers[@]}))
      name=${servers[$i]}
      log "3 nodes REPLICATE 2, $name: LoadGen cycle, run $rep of $REPEATS"
      # shellcheck disable=SC2086
      line=$(loadgen cycle ${at[$i]} "${options[@]}")
      record clustercycle "$name" "cycle REPLICATE 2" - - "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
      lines[$name]+="${line}"$'\n'
    done
  done
  clustercycle_rows "3 nodes REPLICATE 2, job cycle --max: completed jobs/s" "${lines[ours]}" "${lines[disque]:-}"
  [ -z "${lines[before]:-}" ] || clustercycle_rows "  the same, before (${CLUSTER_BEFORE_ROOT})" "${lines[before]}" "${lines[disque]:-}"
  for name in "${servers[@]}"; do
    note "3 nodes REPLICATE 2, $name, each run: jobs/s $(each_run "${lines[$name]}" jobs_per_s); all nodes' CPU us per job $(each_run "${lines[$name]}" cpu)"
  done
}

# each_run TEXT KEY: of RESULT lines, one a line, each run's KEY (cpu: the CPU us per job), in order.
each_run() {
  local line out=()
  while read -r line; do
    if [ "$2" = cpu ]; then out+=("$(per_job "$line")"); else out+=("$(field "$line" "$2")"); fi
  done < <(printf '%s' "$1" | grep '^RESULT ')
  echo "${out[*]}"
}

# median_run TEXT KEY: the median over the runs of each_run's values ("-" without runs).
median_run() {
  local values
  read -r -a values <<<"$(each_run "$1" "$2")"
  if [ ${#values[@]} -eq 0 ]; then echo "-"; else median "${values[@]}"; fi
}

# clustercycle_rows WHAT OURS_LINES DISQUE_LINES: the median jobs/s against Disque's (>= 1.0x),
# then the median CPU per job across all three nodes against Disque's (<= 1.2x): each the median
# of its own runs, the CPU being the steadier of the two on a busy machine.
clustercycle_rows() {
  local what=$1 rate_ours rate_disque r cpu_ours cpu_disque cpu_r
  rate_ours=$(median_run "$2" jobs_per_s) rate_disque=$(median_run "$3" jobs_per_s)
  cpu_ours=$(median_run "$2" cpu) cpu_disque=$(median_run "$3" cpu)
  r=$(ratio "$rate_ours" "$rate_disque") cpu_r=$(ratio "$cpu_ours" "$cpu_disque")
  row "$what" 8 "$rate_ours" "$(dq "$rate_disque")" "$r" - - ">= 1.0 x Disque" \
    "$(met "$r" '>=' 1.0)" "$cpu_ours / $cpu_disque per job, 3 nodes"
  row "  CPU us per job, all 3 nodes (lower is better)" - "$cpu_ours" "$(dq "$cpu_disque")" "$cpu_r" - - "<= 1.2 x Disque" \
    "$(met "$cpu_r" '<=' 1.2)"
}

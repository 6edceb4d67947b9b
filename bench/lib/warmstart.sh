# shellcheck shell=bash
# bench/lib/warmstart.sh — what the first job cycles after a start cost against warm ones
# (JIT, first grain activations, first connections), ours and real Disque's. Each run starts
# a fresh server and, at once, LoadGen warmstart: as soon as the server answers PING it times
# $WARMSTART_CYCLES cycles (ADDJOB, GETJOB, ACKJOB; no pipelining) over 1 client, then, after
# $WARMSTART_SETTLE s of untimed cycles, the same again; the same with 10 clients on another
# fresh server. Ours twice: as built (what `dotnet run -c Release` runs) and, when run.sh
# published it, compiled ahead of time (ReadyToRun, what the Docker image runs). LoadGen
# warms its own code first on a server already running (a Disque, or one of our gateways
# without Disque), so that its own JIT is not counted. The servers take turns, run by run.
# Sourced, not run.

warmstart_suite() {
  local helper helper_pid clients published=""
  [ -f "$GATEWAY_PUBLISH_DIR/Disque.Gateway.dll" ] && published=1
  [ -n "$published" ] || note "warm start: no ReadyToRun publish of the gateway in $GATEWAY_PUBLISH_DIR (run without --no-build): its rows are left out"
  # The server LoadGen warms itself on: not the one measured.
  if [ -n "$DISQUE_BIN" ]; then
    start_disque disque-loadgen-warmup
    helper=$DISQUE_PORT helper_pid=$DISQUE_PID
  else
    start_gateway gateway-loadgen-warmup
    helper=$GATEWAY_PORT helper_pid=$GATEWAY_PID
  fi
  for clients in 1 10; do
    local ours=() r2r=() disque=() rep
    for rep in $(seq 1 "$REPEATS"); do
      log "warm start, $clients client(s), run $rep of $REPEATS"
      warmstart_gateway ours "$GATEWAY_BUILD_DIR" "$clients" "$helper"
      ours+=("$WARMSTART_LINE")
      if [ -n "$published" ]; then
        warmstart_gateway ours-r2r "$GATEWAY_PUBLISH_DIR" "$clients" "$helper"
        r2r+=("$WARMSTART_LINE")
      fi
      if [ -n "$DISQUE_BIN" ]; then
        launch_disque disque-warmstart
        disque+=("$(warmstart_run disque "$DISQUE_PORT" "$DISQUE_PID" "$clients" "$helper")")
        stop_process "$DISQUE_PID"
      fi
    done
    local disque_line
    disque_line=$(median_line ratio "${disque[@]}")
    warmstart_rows "warm start, $clients client(s): first $WARMSTART_CYCLES cycles / warm, time" \
      "$(median_line ratio "${ours[@]}")" "$disque_line"
    if [ -n "$published" ]; then
      warmstart_rows "warm start, $clients client(s), gateway published ReadyToRun" "$(median_line ratio "${r2r[@]}")" "$disque_line"
    fi
  done
  stop_process "$helper_pid"
}

# warmstart_gateway SERVER DIR CLIENTS HELPER_PORT: one run on a fresh gateway started from
# DIR; LoadGen's RESULT line in WARMSTART_LINE. Not in a subshell: the gateway it starts must
# stay known to the EXIT trap.
warmstart_gateway() {
  GATEWAY_DIR=$2
  launch_gateway "gateway-warmstart"
  GATEWAY_DIR=$GATEWAY_BUILD_DIR
  WARMSTART_LINE=$(warmstart_run "$1" "$GATEWAY_PORT" "$GATEWAY_PID" "$3" "$4")
  stop_process "$GATEWAY_PID"
}

# warmstart_run SERVER PORT PID CLIENTS HELPER_PORT: one LoadGen warmstart; prints its RESULT line.
warmstart_run() {
  local server=$1 line
  line=$(loadgen warmstart --port "$2" --pid "$3" --clients "$4" --cycles "$WARMSTART_CYCLES" \
    --settle "$WARMSTART_SETTLE" --client-warmup "127.0.0.1:$5" --ready-within 90)
  record warmstart "$server" "warmstart --clients $4" - "$WARMSTART_CYCLES" "$(field "$line" ratio)" - - "${line#RESULT }"
  printf '%s\n' "$line"
}

# warmstart_rows WHAT OURS_LINE DISQUE_LINE: first / warm in time (the target) and in server
# CPU, each side's microseconds per cycle under it.
warmstart_rows() {
  local what=$1 ours_line=$2 disque_line=$3 r
  r=$(field "$ours_line" ratio)
  row "$what" 1 "$r" "$(dq "$(field "$disque_line" ratio)")" - - - \
    "<= 2 x" "$(met "$r" '<=' 2)" "first/warm $(field "$ours_line" cpu_ratio) x / $(field "$disque_line" cpu_ratio) x"
  row "  us per cycle first/warm (CPU: server us per cycle first/warm)" 1 "$(per_cycle "$ours_line")" "$(dq "$(per_cycle "$disque_line")")" - - - - - \
    "$(cpu_per_cycle "$ours_line") / $(cpu_per_cycle "$disque_line")"
  row "  first cycle ms; p99 ms first/warm" 1 "$(first_cycle "$ours_line")" "$(dq "$(first_cycle "$disque_line")")"
}

# per_cycle, cpu_per_cycle, first_cycle RESULT_LINE: "A/B" pairs of a warmstart RESULT line ("-" without one).
per_cycle() { pair "$1" first_us warm_us; }
cpu_per_cycle() { pair "$1" first_cpu_us warm_cpu_us; }
first_cycle() {
  [ -n "$1" ] || { echo "-"; return; }
  echo "$(field "$1" first_cycle_ms); $(field "$1" first_p99_ms)/$(field "$1" warm_p99_ms)"
}
pair() {
  [ -n "$1" ] || { echo "-"; return; }
  awk -v a="$(field "$1" "$2")" -v b="$(field "$1" "$3")" 'BEGIN { if (a == "-") print "-"; else printf "%.0f/%.0f\n", a, b }'
}

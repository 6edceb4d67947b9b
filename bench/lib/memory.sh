# bench/lib/memory.sh — what a queued job costs in memory, and whether memory stays flat
# under a long job cycle. Each half gets a fresh gateway. Sourced, not run.
#
# 1. Queue $MEMORY_JOBS jobs of 100 bytes (pipelined ADDJOB, nobody takes them); compare
#    VmRSS and INFO's used_memory (the GC heap, GC.GetTotalMemory) before and after.
#    With dotnet-trace installed, also the live heap after a forced full GC.
# 2. Run $CHURN_JOBS add+get+ack cycles and read the memory every $CHURN_SAMPLE cycles.

memory_suite() {
  start_gateway gateway-memory
  local pid=$GATEWAY_PID port=$GATEWAY_PORT line
  log "memory: warm-up cycle, then $MEMORY_JOBS queued jobs of 100 B"
  loadgen cycle --max --port "$port" --jobs "$MEMORY_WARMUP_JOBS" --pipeline 8 >/dev/null
  local live_before live_after
  live_before=$(live_heap "$pid" "$port")
  line=$(loadgen fill --port "$port" --pid "$pid" --jobs "$MEMORY_JOBS" --body-size 100)
  live_after=$(live_heap "$pid" "$port")
  record memory ours fill - "$MEMORY_JOBS" - - - "${line#RESULT }"
  local rss_per_job heap_per_job
  rss_per_job=$(field "$line" rss_per_job)
  heap_per_job=$(field "$line" heap_per_job)
  row "memory: RSS B per queued job ($MEMORY_JOBS x 100 B)" "-" "$rss_per_job" "-" "-" "<= 700 B" "$(met "$rss_per_job" '<=' 700)"
  row "  GC heap (used_memory) B per queued job" "-" "$heap_per_job" "-" "-" "-" "-"
  if [ -n "$live_before" ] && [ -n "$live_after" ]; then
    row "  live heap B per queued job (after a forced full GC)" "-" "$(awk -v a="$live_after" -v b="$live_before" -v n="$MEMORY_JOBS" 'BEGIN { printf "%.0f", (a - b) / n }')" "-" "-" "-" "-"
  fi
  note "memory fill: RSS $(mb "$(field "$line" rss_before)") -> $(mb "$(field "$line" rss_after)") MB, used_memory $(mb "$(field "$line" heap_before)") -> $(mb "$(field "$line" heap_after)") MB${live_after:+, live heap after forced GC $(mb "$live_before") -> $(mb "$live_after") MB}"
  stop_process "$pid"

  start_gateway gateway-churn
  pid=$GATEWAY_PID
  port=$GATEWAY_PORT
  log "memory: $CHURN_JOBS add+get+ack cycles, sampling every $CHURN_SAMPLE"
  live_before=$(live_heap "$pid" "$port")
  line=$(loadgen cycle --max --port "$GATEWAY_PORT" --pid "$pid" --jobs "$CHURN_JOBS" --sample-every "$CHURN_SAMPLE" --pipeline 8)
  live_after=$(live_heap "$pid" "$port")
  record memory ours churn - "$CHURN_JOBS" "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
  local series first second last
  series=$(field "$line" rss_series)
  first=$(printf '%s\n' "$series" | tr ',' '\n' | head -1 | cut -d: -f2)
  second=$(printf '%s\n' "$series" | tr ',' '\n' | sed -n 2p | cut -d: -f2)
  last=$(printf '%s\n' "$series" | tr ',' '\n' | tail -1 | cut -d: -f2)
  row "memory: RSS growth MB from cycle $CHURN_SAMPLE to $CHURN_JOBS" "-" "$(awk -v a="$last" -v b="$second" 'BEGIN { printf "%+.1f", (a - b) / 1048576 }')" "-" "-" "flat" "-"
  if [ -n "$live_before" ] && [ -n "$live_after" ]; then
    row "  live heap MB before -> after the cycles (forced full GC)" "-" "$(mb "$live_before") -> $(mb "$live_after")" "-" "-" "-" "-"
  fi
  note "memory churn ($(field "$line" jobs_per_s) cycles/s): RSS MB at cycles $(printf '%s\n' "$series" | tr ',' '\n' | awk -F: '{ printf "%s%s:%.0f", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }'); idle before: $(mb "$first") MB"
  stop_process "$pid"
}

mb() { awk -v b="$1" 'BEGIN { if (b == "") print "?"; else printf "%.0f", b / 1048576 }'; }

# live_heap PID PORT: used_memory right after two forced full GCs (dotnet-trace with the
# GCHeapCollect keyword makes the runtime collect); empty without dotnet-trace.
live_heap() {
  local pid=$1 port=$2 trace
  trace=$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")
  [ -x "$trace" ] || return 0
  for _ in 1 2; do
    timeout 60 "$trace" collect -p "$pid" --providers Microsoft-Windows-DotNETRuntime:0x800000:4 \
      --duration 00:00:00:01 -o "$BENCH_OUT/forced-gc.nettrace" >>"$BENCH_OUT/dotnet-trace.log" 2>&1 || return 0
  done
  rm -f "$BENCH_OUT/forced-gc.nettrace"
  resp 127.0.0.1 "$port" INFO memory | awk -F: '$1 == "used_memory" { print $2 }'
}

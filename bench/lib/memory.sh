# shellcheck shell=bash
# bench/lib/memory.sh — what a queued job costs in memory, and whether memory stays flat
# under a long job cycle; ours and real Disque, each half on a fresh server. Sourced, not run.
#
# 1. Queue $MEMORY_JOBS jobs of 100 bytes (pipelined ADDJOB, nobody takes them); compare
#    VmRSS and INFO's used_memory (ours: the GC heap, GC.GetTotalMemory; Disque: what its
#    allocator handed out) before and after. With dotnet-trace installed, also our live heap
#    after a forced full GC.
# 2. Run $CHURN_JOBS add+get+ack cycles and read the memory every $CHURN_SAMPLE cycles.

memory_suite() {
  local fill_ours fill_disque="" churn_ours churn_disque=""
  LIVE_FILL="" LIVE_CHURN=""
  on_fresh ours memory memory_fill
  fill_ours=$FRESH_RESULT
  if [ -n "$DISQUE_BIN" ]; then
    on_fresh disque memory memory_fill
    fill_disque=$FRESH_RESULT
  fi
  memory_row "memory: RSS B per queued job ($MEMORY_JOBS x 100 B; lower is better)" rss_per_job "<= 700 B" "$fill_ours" "$fill_disque"
  memory_row "  used_memory B per queued job (ours: the GC heap)" heap_per_job - "$fill_ours" "$fill_disque"
  if [ -n "$LIVE_FILL" ]; then
    row "  live heap B per queued job (after a forced full GC)" "-" "$(awk -v b="${LIVE_FILL% *}" -v a="${LIVE_FILL#* }" -v n="$MEMORY_JOBS" 'BEGIN { printf "%.0f", (a - b) / n }')"
  fi

  on_fresh ours churn memory_churn
  churn_ours=$FRESH_RESULT
  if [ -n "$DISQUE_BIN" ]; then
    on_fresh disque churn memory_churn
    churn_disque=$FRESH_RESULT
  fi
  row "memory: RSS growth MB from cycle $CHURN_SAMPLE to $CHURN_JOBS" "-" "$(rss_growth "$churn_ours")" "$(dq "$(rss_growth "$churn_disque")")" - - - "flat"
  if [ -n "$LIVE_CHURN" ]; then
    row "  live heap MB before -> after the cycles (forced full GC)" "-" "$(mb "${LIVE_CHURN% *}") -> $(mb "${LIVE_CHURN#* }")"
  fi
}

# memory_fill SERVER PORT PID: a warm-up cycle, then LoadGen fill; its RESULT line in FRESH_RESULT.
# Ours: the live heap before and after in LIVE_FILL.
memory_fill() {
  local server=$1 port=$2 pid=$3 line before="" after=""
  log "memory, $server: warm-up cycle, then $MEMORY_JOBS queued jobs of 100 B"
  loadgen cycle --max --port "$port" --jobs "$MEMORY_WARMUP_JOBS" --pipeline 8 >/dev/null
  [ "$server" = ours ] && before=$(live_heap "$pid" "$port")
  line=$(loadgen fill --port "$port" --pid "$pid" --jobs "$MEMORY_JOBS" --body-size 100)
  [ "$server" = ours ] && after=$(live_heap "$pid" "$port")
  record memory "$server" fill - "$MEMORY_JOBS" - - - "${line#RESULT }"
  note "memory fill, $server: RSS $(mb "$(field "$line" rss_before)") -> $(mb "$(field "$line" rss_after)") MB, used_memory $(mb "$(field "$line" heap_before)") -> $(mb "$(field "$line" heap_after)") MB${after:+, live heap after forced GC $(mb "$before") -> $(mb "$after") MB}"
  if [ -n "$before" ] && [ -n "$after" ]; then LIVE_FILL="$before $after"; fi
  FRESH_RESULT=$line
}

# memory_churn SERVER PORT PID: $CHURN_JOBS cycles sampled every $CHURN_SAMPLE; the RESULT line in
# FRESH_RESULT. Ours: the live heap before and after in LIVE_CHURN.
memory_churn() {
  local server=$1 port=$2 pid=$3 line before="" after=""
  log "memory, $server: $CHURN_JOBS add+get+ack cycles, sampling every $CHURN_SAMPLE"
  [ "$server" = ours ] && before=$(live_heap "$pid" "$port")
  line=$(loadgen cycle --max --port "$port" --pid "$pid" --jobs "$CHURN_JOBS" --sample-every "$CHURN_SAMPLE" --pipeline 8)
  [ "$server" = ours ] && after=$(live_heap "$pid" "$port")
  record memory "$server" churn - "$CHURN_JOBS" "$(field "$line" jobs_per_s)" - - "${line#RESULT }"
  local series
  series=$(field "$line" rss_series)
  note "memory churn, $server ($(field "$line" jobs_per_s) cycles/s): RSS MB at cycles $(printf '%s\n' "$series" | tr ',' '\n' | awk -F: '{ printf "%s%s:%.0f", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }')"
  if [ -n "$before" ] && [ -n "$after" ]; then LIVE_CHURN="$before $after"; fi
  FRESH_RESULT=$line
}

# memory_row WHAT KEY TARGET OURS_LINE DISQUE_LINE: bytes per queued job, ours beside Disque.
memory_row() {
  local ours disque judged=-
  ours=$(field "$4" "$2")
  disque=$(field "$5" "$2")
  if [ "$3" != - ]; then judged=$(met "$ours" '<=' "${3//[^0-9]/}"); fi
  row "$1" "-" "$ours" "$(dq "$disque")" "$(ratio "$ours" "$disque")" - - "$3" "$judged"
}

# rss_growth RESULT_LINE: MB of RSS from the second sample (cycle $CHURN_SAMPLE) to the last.
rss_growth() {
  [ -n "$1" ] || { echo "-"; return; }
  local series second last
  series=$(field "$1" rss_series)
  second=$(printf '%s\n' "$series" | tr ',' '\n' | sed -n 2p | cut -d: -f2)
  last=$(printf '%s\n' "$series" | tr ',' '\n' | tail -1 | cut -d: -f2)
  awk -v a="$last" -v b="$second" 'BEGIN { printf "%+.1f", (a - b) / 1048576 }'
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

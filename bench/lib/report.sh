# bench/lib/report.sh — the results table: rows gathered in $BENCH_OUT/rows.tsv as the
# suites measure, printed at the end aligned for a terminal and as Markdown for README.
# Sourced, not run.

# row WHAT PIPELINE OURS REFERENCE RATIO TARGET MET [CPU]: one line of the table ("-" where nothing applies).
row() {
  local columns=("$@")
  while [ ${#columns[@]} -lt 8 ]; do columns+=("-"); done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${columns[@]}" >>"$BENCH_OUT/rows.tsv"
}

# note TEXT: a line printed under the table (a queue that ran dry, errors, CPU use).
note() {
  printf '%s\n' "$*" >>"$BENCH_OUT/notes.txt"
  log "note: $*"
}

# ratio A B: A/B with two decimals, "-" if either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'; }

# met VALUE OP LIMIT: "met" or "NOT met" (OP is >= or <=), "-" if VALUE is missing.
met() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "-" || v == "") { print "-"; exit }
    ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0)
    print ok ? "met" : "NOT met" }'
}

print_report() {
  local header="what	pipeline	${SERVER_LABEL:-ours}	reference	ratio	target	met	server CPU us/request"
  {
    echo "Disque.Orleans benchmark, $(date '+%Y-%m-%d %H:%M'), $(nproc) cores shared with the load generators; load average at the start: $LOAD_AT_START, at the end: $(load_average)"
    echo "$RUN_DESCRIPTION"
    echo
    { echo "$header"; cat "$BENCH_OUT/rows.tsv" 2>/dev/null; } | column -t -s $'\t'
    if [ -s "$BENCH_OUT/notes.txt" ]; then
      echo
      cat "$BENCH_OUT/notes.txt"
    fi
  } | tee "$BENCH_OUT/results.txt"
  {
    echo "| ${header//	/ | } |"
    echo "|---|---|---|---|---|---|---|---|"
    awk -F'\t' '{ line = "|"; for (i = 1; i <= NF; i++) line = line " " $i " |"; print line }' "$BENCH_OUT/rows.tsv" 2>/dev/null
  } >"$BENCH_OUT/results.md"
  echo
  echo "logs and raw measurements: $BENCH_OUT (results.md: the table in Markdown)"
}

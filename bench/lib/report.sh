# shellcheck shell=bash
# bench/lib/report.sh — the results table: rows gathered in $BENCH_OUT/rows.tsv as the
# suites measure, printed at the end aligned for a terminal and as Markdown for README.
# Sourced, not run.

# The table's columns. The targets are ratios to real Disque unless a row says otherwise;
# the server CPU column is ours / Disque's / Redis's where the row has them.
REPORT_COLUMNS=(what pipeline "${SERVER_LABEL:-ours}" Disque "ours/Disque" Redis "ours/Redis" target met "server CPU us/request")

# row WHAT PIPELINE OURS DISQUE OURS/DISQUE REDIS OURS/REDIS TARGET MET [CPU]: one line of the
# table ("-" where nothing applies).
row() {
  local columns=("$@")
  while [ ${#columns[@]} -lt ${#REPORT_COLUMNS[@]} ]; do columns+=("-"); done
  local IFS=$'\t'
  printf '%s\n' "${columns[*]}" >>"$BENCH_OUT/rows.tsv"
}

# dq VALUE: a Disque figure for the table; "no Disque" when the run was given none.
dq() { if [ -n "${DISQUE_BIN:-}" ]; then echo "$1"; else echo "no Disque"; fi; }

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
  local header
  REPORT_COLUMNS[2]=${SERVER_LABEL:-ours}
  header=$(IFS=$'\t'; echo "${REPORT_COLUMNS[*]}")
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
    printf '|%s\n' "$(printf -- '---|%.0s' "${REPORT_COLUMNS[@]}")"
    awk -F'\t' '{ line = "|"; for (i = 1; i <= NF; i++) line = line " " $i " |"; print line }' "$BENCH_OUT/rows.tsv" 2>/dev/null
  } >"$BENCH_OUT/results.md"
  echo
  echo "logs and raw measurements: $BENCH_OUT (results.md: the table in Markdown)"
}

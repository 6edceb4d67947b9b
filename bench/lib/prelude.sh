# shellcheck shell=bash
# bench/lib/prelude.sh — how every bench script begins: strict mode, ROOT (the checkout) and
# BENCH, and the two libraries all of them use (common.sh, servers.sh). Sourced first, as
#   source "$(dirname "$0")/lib/prelude.sh"
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/bench"
# shellcheck source=SCRIPTDIR/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=SCRIPTDIR/servers.sh
source "$BENCH/lib/servers.sh"

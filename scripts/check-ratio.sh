#!/usr/bin/env bash
# Compares the whole `ief check` of policy sets between two builds of ief,
# run side by side (interleaved, so both see the same machine state).
#
# Usage: scripts/check-ratio.sh OLD_REV [RUNS] [SET_DIR...]
#   OLD_REV  a git revision to compare with the working tree (built in a
#            temporary worktree, release profile)
#   RUNS     runs per binary and set (default 21)
#   SET_DIR  policy-set folders (default: the starter pack's four main sets)
# Prints, per set, the median wall time of each binary and new/old.
set -euo pipefail
cd "$(dirname "$0")/.."
old_rev="${1:?usage: scripts/check-ratio.sh OLD_REV [RUNS] [SET_DIR...]}"
runs="${2:-21}"
shift $(( $# >= 2 ? 2 : 1 ))
conf="${IEF_CONFORMANCE_DIR:-../shared/ief}"
if [ "$#" -gt 0 ]; then sets=("$@"); else
  sets=("$conf/starterpack/LocalAccounts" "$conf/starterpack/SocialAccounts" \
        "$conf/starterpack/SocialAndLocalAccounts" "$conf/starterpack/SocialAndLocalAccountsWithMfa")
fi

tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/old" "$old_rev"
(cd "$tmp/old" && CARGO_TARGET_DIR="$tmp/target-old" cargo build -q --release --bin ief)
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}" cargo build -q --release --bin ief
old="$tmp/target-old/release/ief"
new="${CARGO_TARGET_DIR:-target}/release/ief"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-45s %10s %10s %8s\n' "set" "old (ms)" "new (ms)" "new/old"
for set in "${sets[@]}"; do
  : > "$tmp/o"; : > "$tmp/n"
  for _ in $(seq "$runs"); do
    t0=$(now); "$old" check "$set" >/dev/null || true; t1=$(now)
    "$new" check "$set" >/dev/null || true; t2=$(now)
    echo $(( t1 - t0 )) >> "$tmp/o"; echo $(( t2 - t1 )) >> "$tmp/n"
  done
  o=$(median < "$tmp/o"); n=$(median < "$tmp/n")
  awk -v s="$(basename "$set")" -v o="$o" -v n="$n" \
    'BEGIN { printf "%-45s %10.2f %10.2f %8.2f\n", s, o/1e6, n/1e6, n/o }'
done

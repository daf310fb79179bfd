#!/usr/bin/env bash
# Times the whole `ief check` (release build) of N disjoint copies of the
# starter pack's SocialAndLocalAccounts set against, on the same files and
# in the same run:
#   - `xmllint --noout --schema <the .libxml2.xsd>` (schema validation only),
#   - `tokenize_rewrite` (examples/tokenize_rewrite.rs: quick-xml reads
#     every event and writes it back, no model, no checks): the floor.
# Runs are interleaved (ief, xmllint, tokenizer, ief, ...) so all three see
# the same machine state, and timed by examples/time_interleaved.rs;
# prints the median wall time of each, the ratios ief/xmllint and
# ief/tokenizer, and peak memory (maximum resident set,
# from /usr/bin/time -v when it is there) against the input size.
#
# Usage: scripts/check-vs-xmllint.sh [RUNS] [COPIES...]
#   RUNS    runs of each program per size (default 7)
#   COPIES  numbers of copies (default: 1 10 100)
# Environment:
#   IEF_CONFORMANCE_DIR  the conformance data (default ../shared/ief)
#   IEF_BEFORE           another ief binary to time alongside (e.g. a
#                        build from before a change); shown as "before"
# The copies are generated into a temporary folder and removed at the end.
set -euo pipefail
# Paths given relative to where the script is run from, made absolute
# before it moves to the repository's root.
absolute() { case "$1" in /*|"") printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
IEF_BEFORE="$(absolute "${IEF_BEFORE:-}")"
if [ -n "${IEF_CONFORMANCE_DIR:-}" ]; then IEF_CONFORMANCE_DIR="$(absolute "$IEF_CONFORMANCE_DIR")"; fi
cd "$(dirname "$0")/.."
runs="${1:-7}"
shift $(( $# >= 1 ? 1 : 0 ))
if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(1 10 100); fi
conf="${IEF_CONFORMANCE_DIR:-../shared/ief}"
export IEF_CONFORMANCE_DIR="$conf"
xsd="$conf/TrustFrameworkPolicy_0.3.0.0.libxml2.xsd"
command -v xmllint >/dev/null || { echo "xmllint not found" >&2; exit 2; }
[ -f "$xsd" ] || { echo "no schema at $xsd" >&2; exit 2; }

target="${CARGO_TARGET_DIR:-target}"
cargo build -q --release --bin ief --example gen_copies --example tokenize_rewrite --example time_interleaved
ief="$target/release/ief"
gen="$target/release/examples/gen_copies"
tok="$target/release/examples/tokenize_rewrite"
timer="$target/release/examples/time_interleaved"
before="${IEF_BEFORE:-}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Peak resident set of one run of "$@", in KB ("-" without GNU time).
peak() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
  else
    echo "-"
  fi
}

[ -x /usr/bin/time ] || echo "note: /usr/bin/time not found: no peak memory" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $runs runs each, medians"
printf '%7s %6s %9s %10s %10s %10s %10s %9s %9s %28s\n' \
  copies files "input KB" "ief ms" "before ms" "xmllint ms" "tok ms" "ief/xmll" "ief/tok" "peak KB ief/before/xmll/tok"
for n in "${sizes[@]}"; do
  dir="$tmp/copies-$n"
  "$gen" "$n" "$dir" >/dev/null
  mapfile -t files < <(find "$dir" -name '*.xml' | sort)
  kb=$(( $(cat "${files[@]}" | wc -c) / 1024 ))
  # A check that fails to run (exit 2) is not a measurement.
  "$ief" check "$dir" >/dev/null 2>&1 || [ $? -eq 1 ] || { echo "ief check failed on $dir" >&2; exit 2; }
  # Timed by examples/time_interleaved.rs: one round runs each program
  # once, in turn; the clock is read around spawn and wait only.
  extra=()
  if [ -n "$before" ]; then extra=(-- "before=$before" check "$dir"); fi
  timed=$("$timer" "$runs" "ief=$ief" check "$dir" \
    -- "xmllint=$(command -v xmllint)" --noout --schema "$xsd" "${files[@]}" \
    -- "tok=$tok" "$dir" ${extra[@]+"${extra[@]}"})
  # The median in milliseconds, as printed.
  col() { awk -v n="$1" '$1 == n { print $3 }' <<< "$timed"; }
  i=$(col ief); x=$(col xmllint); t=$(col tok)
  b=$( [ -n "$before" ] && col before || echo 0)
  mi=$(peak "$ief" check "$dir"); mx=$(peak xmllint --noout --schema "$xsd" "${files[@]}")
  mt=$(peak "$tok" "$dir"); mb=$( [ -n "$before" ] && peak "$before" check "$dir" || echo "-")
  awk -v n="$n" -v f="${#files[@]}" -v kb="$kb" -v i="$i" -v b="$b" -v x="$x" -v t="$t" \
      -v mem="$mi/$mb/$mx/$mt" \
    'BEGIN { printf "%7d %6d %9d %10.1f %10s %10.1f %10.1f %9.2f %9.2f %28s\n",
             n, f, kb, i, (b > 0 ? sprintf("%.1f", b) : "-"), x, t, i/x, i/t, mem }'
done

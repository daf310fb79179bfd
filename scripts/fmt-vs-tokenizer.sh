#!/usr/bin/env bash
# Times the whole `ief fmt FILE` (release build, canonical XML to standard
# output) against `tokenize_rewrite FILE` (examples/tokenize_rewrite.rs:
# quick-xml reads every event and writes it back) on the same file, with
# `ief --version` (the process start alone) alongside; interleaved and
# timed by examples/time_interleaved.rs. Prints the medians and ief
# fmt / tokenizer.
#
# Usage: scripts/fmt-vs-tokenizer.sh [RUNS] [FILE]
#   RUNS  rounds (default 201)
#   FILE  default: the starter pack's SocialAndLocalAccounts/TrustFrameworkBase.xml
# Environment:
#   IEF_CONFORMANCE_DIR  the conformance data (default ../shared/ief)
#   IEF_BEFORE           another ief binary to time alongside ("before")
set -euo pipefail
# Paths given relative to where the script is run from, made absolute
# before it moves to the repository's root.
absolute() { case "$1" in /*|"") printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
runs="${1:-201}"
file="$(absolute "${2:-}")"
before="$(absolute "${IEF_BEFORE:-}")"
conf="$(absolute "${IEF_CONFORMANCE_DIR:-}")"
cd "$(dirname "$0")/.."
conf="${conf:-../shared/ief}"
file="${file:-$conf/starterpack/SocialAndLocalAccounts/TrustFrameworkBase.xml}"
[ -f "$file" ] || { echo "no file at $file" >&2; exit 2; }
target="${CARGO_TARGET_DIR:-target}"
cargo build -q --release --bin ief --example tokenize_rewrite --example time_interleaved
ief="$target/release/ief"
"$ief" fmt "$file" >/dev/null || { echo "ief fmt cannot format $file" >&2; exit 2; }
extra=()
if [ -n "$before" ]; then extra=(-- "before=$before" fmt "$file"); fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $runs rounds; $(wc -c < "$file") bytes"
timed=$("$target/release/examples/time_interleaved" "$runs" \
  "tok=$target/release/examples/tokenize_rewrite" "$file" \
  -- "fmt=$ief" fmt "$file" \
  -- "version=$ief" --version ${extra[@]+"${extra[@]}"})
echo "$timed"
awk '$1 == "tok" { t = $3 } $1 == "fmt" { f = $3 } END { printf "ief fmt / tokenizer: %.2fx\n", f / t }' <<< "$timed"

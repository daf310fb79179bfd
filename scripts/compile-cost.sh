#!/usr/bin/env bash
# Measures what the compile-time layer costs a policy author:
#   1. a clean `cargo build --examples` (all dependencies, the macros, the examples);
#   2. an incremental rebuild after editing one example (a comment line is
#      appended, then the file is restored);
#   3. an incremental rebuild after touching a file that include_policy! reads
#      (tests/compile_time.rs includes generated/quickstart XML).
# Uses its own target folder so it does not disturb normal builds.
# Usage: scripts/compile-cost.sh [example-name]   (default: trusona)
set -euo pipefail
cd "$(dirname "$0")/.."
example="${1:-trusona}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/compile-cost}"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

rm -rf "$CARGO_TARGET_DIR"
t0=$(now); cargo build -q --examples; t1=$(now)
echo "clean build of the examples:            $(elapsed "$t0" "$t1") s"

if [ -f "examples/$example.rs" ]; then src="examples/$example.rs"; else src="examples/$example/main.rs"; fi
cp "$src" "$src.orig"
trap 'mv -f "$src.orig" "$src"' EXIT
echo "// edited by compile-cost.sh" >> "$src"
t0=$(now); cargo build -q --examples; t1=$(now)
mv -f "$src.orig" "$src"; trap - EXIT
echo "incremental, after editing $src: $(elapsed "$t0" "$t1") s"

cargo build -q --tests
touch generated/quickstart/TrustFrameworkBase.xml
t0=$(now); cargo build -q --test compile_time; t1=$(now)
echo "incremental, after touching an XML file that include_policy! reads: $(elapsed "$t0" "$t1") s"

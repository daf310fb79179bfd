#!/usr/bin/env bash
# How long the Rust is against the XML it emits: for the standard base
# library and each example, the non-blank, non-comment lines of its Rust
# sources (tests excluded) against the non-blank, non-comment lines of the
# XML files it writes (generated/, as committed).
#
#   scripts/dsl-lines.sh             # a table for people
#   scripts/dsl-lines.sh --markdown  # the README's table (tests/dsl_lines.rs
#                                    # keeps the README equal to it)
#   scripts/dsl-lines.sh --rust FILE…  # the count of some Rust files
#   scripts/dsl-lines.sh --xml FILE…   # the count of some XML files
#
# Rust: a line counts unless it is blank, starts with `//` (comments and doc
# comments) or lies in a `/* … */` block that starts a line; an item
# marked `#[cfg(test)]` is skipped to its closing brace, and a file with
# an inner `#![cfg(test)]` is skipped from there on (braces are counted
# naively, which holds for this code base: a test's strings have balanced
# braces). XML: a line counts unless it is blank or inside a comment that
# starts the line.
set -euo pipefail
cd "$(dirname "$0")/.."

rust_lines() {
  awk '
    function braces(s,   o, c) { o = gsub(/\{/, "{", s); c = gsub(/\}/, "}", s); return o - c }
    {
      line = $0; sub(/^[ \t]+/, "", line)
      if (skipping) {
        depth += braces(line)
        if (index(line, "{")) started = 1
        if (started && depth <= 0) skipping = 0
        next
      }
      if (inblock) { if (index(line, "*/")) inblock = 0; next }
      if (line ~ /^#!\[cfg\(test\)\]/) { nextfile }
      if (line ~ /^#\[cfg\(test\)\]/) { skipping = 1; depth = 0; started = 0; next }
      if (line == "" || line ~ /^\/\//) next
      if (line ~ /^\/\*/) { if (!index(line, "*/")) inblock = 1; next }
      n++
    }
    END { print n + 0 }
  ' "$@"
}

xml_lines() {
  awk '
    {
      line = $0; sub(/^[ \t]+/, "", line)
      if (incomment) { if (index(line, "-->")) incomment = 0; next }
      if (line == "") next
      if (line ~ /^<!--/) { if (!index(line, "-->")) incomment = 1; next }
      n++
    }
    END { print n + 0 }
  ' "$@"
}

# name | Rust sources | XML files it writes
rows=(
  "standard base library (ief::base)|src/base/*.rs|generated/trusona/TrustFrameworkBase.xml generated/trusona/TrustFrameworkLocalization.xml"
  "examples/trusona|examples/trusona/*.rs|generated/trusona/TrustFrameworkExtensions.xml generated/trusona/SignUpOrSignInTrusona.xml"
  "examples/quickstart|examples/quickstart.rs|generated/quickstart/*.xml"
)

case "${1:-}" in
  --rust) shift; rust_lines "$@"; exit ;;
  --xml) shift; xml_lines "$@"; exit ;;
esac

markdown=0
[[ "${1:-}" == "--markdown" ]] && markdown=1

if ((markdown)); then
  echo "| source | Rust lines | XML lines | Rust / XML |"
  echo "|---|---:|---:|---:|"
else
  printf "%-36s %10s %10s %10s\n" "source" "Rust" "XML" "Rust/XML"
fi
for row in "${rows[@]}"; do
  IFS='|' read -r name rust xml <<<"$row"
  # shellcheck disable=SC2086 # the globs are meant to expand
  r=$(rust_lines $rust)
  # shellcheck disable=SC2086
  x=$(xml_lines $xml)
  ratio=$(awk -v r="$r" -v x="$x" 'BEGIN { printf "%.2f", (x ? r / x : 0) }')
  if ((markdown)); then
    echo "| $name | $r | $x | $ratio |"
  else
    printf "%-36s %10s %10s %10s\n" "$name" "$r" "$x" "$ratio"
  fi
done

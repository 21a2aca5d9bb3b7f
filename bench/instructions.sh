#!/usr/bin/env bash
# Instructions executed by the core for the bench's 1,000-table specs, one count per dialect:
# `valgrind --tool=callgrind` over bench/instructions.rs, which generates from the spec three
# times (MG_CALLS) as the Node binding does. Unlike the bench's times, the counts do not move
# with the machine's load, so two commits can be compared on a busy machine:
#   bash bench/instructions.sh            # this checkout
#   TABLES=100 bash bench/instructions.sh # another spec size
# Needs valgrind. Builds the release profile (LTO) of the example into target/.
set -euo pipefail
cd "$(dirname "$0")/.."
tables="${TABLES:-1000}"
out="bench/out/instructions"
mkdir -p "$out"
cargo build --release --example instructions --quiet
for d in sqlite postgresql mysql; do
  node --input-type=module -e "
    import { makeSpec } from './bench/specs.mjs'
    import fs from 'node:fs'
    fs.writeFileSync('$out/spec_${tables}_$d.json', JSON.stringify(makeSpec($tables, '$d')))
  "
done
printf '| dialect | tables | calls | instructions (M) |\n|---|---|---|---|\n'
for d in sqlite postgresql mysql; do
  log="$out/callgrind_$d.log"
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind_$d.out" \
    target/release/examples/instructions "$out/spec_${tables}_$d.json" > /dev/null 2> "$log"
  ir=$(grep -oE 'Collected : [0-9]+' "$log" | grep -oE '[0-9]+')
  printf '| %s | %s | %s | %s |\n' "$d" "$tables" "${MG_CALLS:-3}" "$(awk -v n="$ir" 'BEGIN { printf "%.1f", n / 1e6 }')"
done

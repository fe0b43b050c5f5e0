#!/usr/bin/env bash
# Before/after rounds on a shared machine: kdlab (this build and, with BEFORE=DIR, another checkout's
# build) and the reference alternate in every round; /usr/bin/time gives wall, CPU (user + system) and
# peak resident memory. Prints best and median of each over ROUNDS rounds.
# Usage: [BEFORE=/path/to/old/checkout] [ROUNDS=3] bench/report/rounds.sh [rows=1000000] [--no-html]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
NOHTML=${2:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$ROWS" = 364 ]; then
  FILE=fixtures/runs/sample-runs.csv BASE=temperature
else
  FILE="$TMP/runs.csv" BASE=sweep-0
  node bench/report/generate.mjs "$ROWS" 10 > "$FILE"
fi
if [ -n "$NOHTML" ]; then K_OUT=(--no-html) P_OUT=(--no-plot); else K_OUT=(--out "$TMP/reports") P_OUT=(--out "$TMP"); fi
declare -A CMD=(
  [after]="node dist/cli/main.js report $FILE --baseline $BASE --alternative greater ${K_OUT[*]}"
  [reference]="/usr/bin/python3 bench/report/reference.py $FILE --baseline $BASE ${P_OUT[*]}"
)
NAMES=(after reference)
if [ -n "${BEFORE:-}" ]; then
  CMD[before]="node $BEFORE/dist/cli/main.js report $FILE --baseline $BASE --alternative greater ${K_OUT[*]}"
  NAMES=(before after reference)
fi
for ((r = 1; r <= ${ROUNDS:-3}; r++)); do
  for n in "${NAMES[@]}"; do
    /usr/bin/time -f "$n %e %U %S %M" -a -o "$TMP/times" ${CMD[$n]} > /dev/null
  done
done
echo "rows=$ROWS ${NOHTML:-html} rounds=${ROUNDS:-3} load: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
const med = (x) => { const s = [...x].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const name of [...new Set(rows.map((r) => r[0]))]) {
  const mine = rows.filter((r) => r[0] === name);
  const wall = mine.map((r) => +r[1]), cpu = mine.map((r) => +r[2] + +r[3]), rss = mine.map((r) => +r[4] / 1024);
  console.log(`${name.padEnd(10)} wall best ${Math.min(...wall).toFixed(2)} s median ${med(wall).toFixed(2)} s | cpu best ${Math.min(...cpu).toFixed(2)} s median ${med(cpu).toFixed(2)} s | max RSS ${Math.max(...rss).toFixed(0)} MB`);
}' "$TMP/times"

#!/usr/bin/env bash
# kdlab report vs the pandas + scipy + matplotlib notebook, measured with hyperfine in one run.
# Usage: bench/report/run.sh [rows=1000000] (needs `npm run build`, hyperfine, /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
node bench/report/generate.mjs "$ROWS" 10 > "$TMP/runs-big.csv"
SMALL=fixtures/runs/sample-runs.csv
K="node dist/cli/main.js report"
P="/usr/bin/python3 bench/report/reference.py"
hyperfine --warmup 1 --runs ${RUNS:-5} --export-json "$TMP/small.json" \
  -n 'kdlab 364 --no-html' "$K $SMALL --baseline temperature --alternative greater --no-html" \
  -n 'kdlab 364 html' "$K $SMALL --baseline temperature --alternative greater --out $TMP/reports" \
  -n 'pandas 364 no plot' "$P $SMALL --baseline temperature --no-plot" \
  -n 'pandas 364 plot' "$P $SMALL --baseline temperature --out $TMP"
hyperfine --warmup 1 --runs ${RUNS_BIG:-3} --export-json "$TMP/big.json" \
  -n "kdlab $ROWS --no-html" "$K $TMP/runs-big.csv --baseline sweep-0 --alternative greater --no-html" \
  -n "kdlab $ROWS html" "$K $TMP/runs-big.csv --baseline sweep-0 --alternative greater --out $TMP/reports" \
  -n "pandas $ROWS no plot" "$P $TMP/runs-big.csv --baseline sweep-0 --no-plot" \
  -n "pandas $ROWS plot" "$P $TMP/runs-big.csv --baseline sweep-0 --out $TMP"
node -e '
for (const f of process.argv.slice(1)) for (const r of JSON.parse(require("fs").readFileSync(f)).results)
  console.log(`${r.command.padEnd(28)} median ${r.median.toFixed(3)} s  (mean ${r.mean.toFixed(3)} ± ${r.stddev.toFixed(3)})`);
' "$TMP/small.json" "$TMP/big.json"

#!/usr/bin/env bash
# 10 candidates of L-BFGS logistic regression (λ₂ from 1e-5 to 1) on 300,000 × 20 rows, three ways:
#   shared   shardml tune: one job, data loaded once, each pass serving every candidate (the gradient fused)
#   one-job  shardml tune --separate-passes: one job, data loaded once, the candidates one after another
#   10 jobs  ten shardml train runs, each loading the data and holding out the same rows
# Usage: bench/tune/run.sh [ROWS] [FEATURES]   (needs a Release build of src/ShardML.Cli)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shardml=${SHARDML:-$here/../../src/ShardML.Cli/bin/Release/net10.0/shardml}
rows=${1:-300000}
features=${2:-20}
data=${TMPDIR:-/tmp}/shardml-tune-$rows-$features.csv
[ -f "$data" ] || python3 "$here/make-data.py" "$rows" "$features" "$data"
lambdas="1e-5,3e-5,1e-4,3e-4,1e-3,3e-3,1e-2,3e-2,1e-1,1"
common=(--data "$data" --label y --partitions 4 --max-iter 100)

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

shared=$(seconds "$shardml" tune --grid "l2=$lambdas" --validation-fraction 0.2 logreg "${common[@]}")
separate=$(seconds "$shardml" tune --grid "l2=$lambdas" --validation-fraction 0.2 --separate-passes logreg "${common[@]}")
start=$(date +%s.%N)
for l2 in ${lambdas//,/ }; do
  "$shardml" train logreg --l2 "$l2" --validation-fraction 0.2 "${common[@]}" >/dev/null 2>&1
done
jobs=$(echo "$(date +%s.%N) - $start" | bc)
printf 'rows=%s features=%s candidates=10\n' "$rows" "$features"
printf '%-28s %8.2f s\n' "tune (shared passes)" "$shared" "tune --separate-passes" "$separate" "10 x train" "$jobs"

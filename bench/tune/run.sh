#!/usr/bin/env bash
# 10 candidates of L-BFGS logistic regression (λ₂ from 1e-5 to 1, 20% of the rows held out) three ways:
#   shared     shardml tune: one job, data loaded once, each pass serving every candidate (the gradient fused)
#   one job    shardml tune --separate-passes: one job, data loaded once, the candidates one after another
#   10 jobs    ten shardml train runs, each loading the data and holding out the same rows
# The data is converted to .shard first, so loading costs little next to training. Prints each whole run's wall time
# and, for the two tune runs, the passes and seconds of the job's own execution (its --json report).
# Usage: bench/tune/run.sh [ROWS] [FEATURES]   (default 60000 200; needs a Release build of src/ShardML.Cli)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shardml=${SHARDML:-$here/../../src/ShardML.Cli/bin/Release/net10.0/shardml}
rows=${1:-60000}
features=${2:-200}
csv=${TMPDIR:-/tmp}/shardml-tune-$rows-$features.csv
data=${csv%.csv}.shard
[ -f "$csv" ] || python3 "$here/make-data.py" "$rows" "$features" "$csv"
[ -f "$data" ] || "$shardml" convert --data "$csv" --label y --out "$data" >/dev/null 2>&1
lambdas="1e-5,3e-5,1e-4,3e-4,1e-3,3e-3,1e-2,3e-2,1e-1,1"
common=(--data "$data" --partitions 4 --max-iter 100)

now() { date +%s.%N; }
execution() { python3 "$here/report.py"; }

start=$(now); shared_report=$("$shardml" tune --grid "l2=$lambdas" --validation-fraction 0.2 logreg "${common[@]}" --json 2>/dev/null | execution); shared=$(echo "$(now) - $start" | bc)
start=$(now); separate_report=$("$shardml" tune --grid "l2=$lambdas" --validation-fraction 0.2 --separate-passes logreg "${common[@]}" --json 2>/dev/null | execution); separate=$(echo "$(now) - $start" | bc)
start=$(now)
for l2 in ${lambdas//,/ }; do
  "$shardml" train logreg --l2 "$l2" --validation-fraction 0.2 "${common[@]}" >/dev/null 2>&1
done
jobs=$(echo "$(now) - $start" | bc)
printf 'rows=%s features=%s candidates=10 (%s)\n' "$rows" "$features" "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-26s %7.2f s   %s\n' "tune (shared passes)" "$shared" "$shared_report" "tune --separate-passes" "$separate" "$separate_report" "10 x train" "$jobs" ""

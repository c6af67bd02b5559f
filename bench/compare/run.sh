#!/usr/bin/env bash
# Runs the issue-4 workloads (K-means, batch gradient descent, dense and sparse hinge-loss SGD) in ShardML,
# scikit-learn/numpy and ML.NET in one run, on the same data (with `shardml bench`'s warm-up and 8 MB silo-to-silo
# exchange figures), then the issue-17 whole jobs (K-means to convergence on
# blobs with k = 16 and 256, digits and MNIST-like rows; L-BFGS logistic regression, dense and sparse) as shardml train
# commands against scikit-learn fits (bench/compare/wholejob.py), and prints one table of ratios. Installs nothing. It needs, on Debian:
#   apt-get install -y python3-sklearn python3-numpy libopenblas0-pthread time
# (without OpenBLAS, Debian's numpy falls back to the reference BLAS and scikit-learn's K-means is ~4x slower), and
# the .NET 10 SDK; the ML.NET program restores Microsoft.ML from NuGet on first build.
#
# Usage: bench/compare/run.sh [ROWS] [ROUNDS]   (default 1,000,000 rows, 1 round; e.g. 100000 1 for a quick look,
#                                             1000000 3 for ratios that hold on a shared machine: about 4 minutes a
#                                             round, plus 3-4 for the whole jobs (an estimate) and 2-3 once for their data;
#                                             100000 1 took 5 minutes on a heavily loaded machine)
# WHOLE_JOBS=0 in the environment skips the whole jobs.
# SGD_ROW_ORDER=shuffled-blocks in the environment makes ShardML's SGD workloads walk rows in shuffled blocks
# (`shardml bench --sgd-row-order`); uniform sampling by default.
# The data is written once by `shardml bench --export` (its generator is deterministic), as CSV (or LibSVM for the
# sparse set) for ShardML and .npy (or the same LibSVM file, read as CSR) for the others, into a temporary folder
# deleted at the end. Every engine uses all cores (2 threads on the
# reference machine); they run one after another, never at the same time.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
rounds=${2:-1}
[[ "$rows" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] || {
  echo "run.sh: ROWS and ROUNDS are positive whole numbers, not '$rows' and '$rounds'" >&2
  exit 2
}
# Debian's python3-sklearn lives in the system interpreter, not in a pyenv or venv one that may come first on PATH.
python=${PYTHON:-/usr/bin/python3}
"$python" -c 'import numpy, sklearn, threadpoolctl' 2>/dev/null || {
  echo "run.sh: needs python3-sklearn, python3-numpy (and libopenblas0-pthread for a fair numpy); see the header" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/ShardML.Cli -c Release -v q -nologo >&2
dotnet build bench/compare/mlnet -c Release -v q -nologo >&2
whole_jobs=${WHOLE_JOBS:-1}
if [ "$whole_jobs" != 0 ]; then
  dotnet build bench/compare/npy2shard -c Release -v q -nologo >&2
  echo "== whole-job datasets (bench/compare/wholejob.py prepare)" >&2
  "$python" bench/compare/wholejob.py prepare "$work/whole" "$rows" bench/compare/npy2shard/bin/Release/net10.0/ShardML.Compare.NpyToShard.dll
fi

# Each round runs every engine once, one after another; a ratio is only ever taken within a round. Several rounds
# (the second argument) interleave the engines, so a slow spell of a shared machine cannot favour one side.
quadruples=()
for round in $(seq 1 "$rounds"); do
  export_option=()
  [ "$round" = 1 ] && export_option=(--export "$work/data") # the generator is deterministic: later rounds reuse the files
  echo "== round $round of $rounds: ShardML (shardml bench --rows $rows)" >&2
  dotnet src/ShardML.Cli/bin/Release/net10.0/shardml.dll bench -w kmeans,gd,sgd,sparse-sgd,exchange --rows "$rows" --data-dir "$work/data" "${export_option[@]}" --sgd-row-order "${SGD_ROW_ORDER:-uniform}" --json > "$work/shardml-$round.json"
  # scikit-learn runs as many Lloyd iterations as the reported inertia reflects, so the two inertias can be compared.
  iterations=$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]["workloads"]; print([w for w in r if w["name"]=="kmeans"][0]["iterationsRun"]-1)' "$work/shardml-$round.json")
  # scikit-learn's SGDClassifier runs as many epochs as ShardML's SGD model had when its accuracy was measured.
  epochs=$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]["workloads"]; print([w for w in r if w["name"]=="sgd"][0]["iterationsRun"])' "$work/shardml-$round.json")
  sparse_features=$("$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]["workloads"]; print([w for w in r if w["name"]=="sparse-sgd"][0]["features"])' "$work/shardml-$round.json")
  echo "== round $round of $rounds: scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)'), numpy $("$python" -c 'import numpy; print(numpy.__version__)')" >&2
  "$python" bench/compare/sklearn_bench.py "$work/data" "$iterations" "$epochs" "$sparse_features" > "$work/sklearn-$round.json"
  echo "== round $round of $rounds: ML.NET" >&2
  dotnet bench/compare/mlnet/bin/Release/net10.0/ShardML.Compare.MLNet.dll "$work/data" 20 "$epochs" > "$work/mlnet-$round.json"
  whole="-"
  if [ "$whole_jobs" != 0 ]; then
    echo "== round $round of $rounds: whole jobs, ShardML and scikit-learn by turns" >&2
    "$python" bench/compare/wholejob.py round "$work/whole" src/ShardML.Cli/bin/Release/net10.0/shardml.dll > "$work/whole-$round.json"
    whole="$work/whole-$round.json"
  fi
  quadruples+=("$work/shardml-$round.json" "$work/sklearn-$round.json" "$work/mlnet-$round.json" "$whole")
done

# Whole-process peak memory of a real job on the .shard file, and of the same job on a tiny file (the runtime's and
# Orleans' own baseline), from GNU time's maximum resident set size.
peak_option=()
if [ -x /usr/bin/time ]; then
  shard=$(ls "$work"/data/gd-*.shard)
  /usr/bin/time -f "%M" -o "$work/peak-gd.txt" dotnet src/ShardML.Cli/bin/Release/net10.0/shardml.dll train linreg --data "$shard" --max-iter 5 > /dev/null 2>&1
  /usr/bin/time -f "%M" -o "$work/peak-baseline.txt" dotnet src/ShardML.Cli/bin/Release/net10.0/shardml.dll train linreg --data samples/housing.csv --max-iter 5 > /dev/null 2>&1
  echo "{\"train_gd_shard_kb\": $(tail -1 "$work/peak-gd.txt"), \"train_tiny_kb\": $(tail -1 "$work/peak-baseline.txt")}" > "$work/peak.json"
  peak_option=(--peak "$work/peak.json")
else
  echo "run.sh: /usr/bin/time (Debian package time) not found; skipping the whole-process peak memory" >&2
fi

echo "ran on: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" bench/compare/compare.py "${quadruples[@]}" "${peak_option[@]}"

#!/usr/bin/env python3
"""Prints the ratio tables of a comparison run: shardml bench --json, sklearn_bench.py and the ML.NET program's JSON.

Usage: compare.py SHARDML SKLEARN MLNET [SHARDML SKLEARN MLNET ...] [--peak PEAK]
Each triple is one round, in which the engines ran one after another. Every round's table is printed; with several
rounds, a last table gives each ratio's median and range over the rounds. A ratio is always taken within one round,
so a slow minute of a shared machine lands on both sides of it or on neither.
"""
import json
import statistics
import sys


def main(argv):
    peak_path = None
    if "--peak" in argv:
        at = argv.index("--peak")
        peak_path = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    if not argv or len(argv) % 3 != 0:
        sys.exit("usage: compare.py SHARDML SKLEARN MLNET [SHARDML SKLEARN MLNET ...] [--peak PEAK]")
    rounds = [argv[i:i + 3] for i in range(0, len(argv), 3)]
    ratios = []
    for number, (shardml_path, sklearn_path, mlnet_path) in enumerate(rounds, start=1):
        if len(rounds) > 1:
            print(f"### round {number} of {len(rounds)}")
            print()
        ratios.append(print_round(shardml_path, sklearn_path, mlnet_path, peak_path if number == len(rounds) else None))
        print()
    if len(rounds) > 1:
        print_summary(ratios)


def spread(values):
    """median (min–max) of the values that are not None, or None."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return statistics.median(present), min(present), max(present)


def print_summary(ratios):
    print(f"### ratios over {len(ratios)} interleaved rounds: median (range)")
    print()
    print("| workload | ShardML × limit | runtime overhead | speed-up over scikit-learn / numpy | speed-up over ML.NET |")
    print("|---|---:|---:|---:|---:|")
    for name in ratios[0]:
        def cell(key, form):
            summary = spread([r[name][key] for r in ratios if name in r])
            if summary is None:
                return "—"
            median, low, high = summary
            return f"{form(median)} ({form(low)}–{form(high)})"
        cells = [
            ratios[0][name]["label"],
            cell("limit", lambda v: f"{v:.2f}×"),
            cell("overhead", lambda v: f"{100 * v:+.1f}%"),
            cell("peer", lambda v: f"{v:.1f}×"),
            cell("mlnet", lambda v: f"{v:.1f}×"),
        ]
        print("| " + " | ".join(cells) + " |")


def print_round(shardml_path, sklearn_path, mlnet_path, peak_path):
    """Prints one round's tables and returns its ratios by workload name."""
    report = json.load(open(shardml_path))["report"]
    sk = json.load(open(sklearn_path))
    ml = json.load(open(mlnet_path)) if mlnet_path else {}
    ratios = {}
    m = report["machine"]
    print(f"machine: {m['processor']}, {m['cores']} cores, {m['vectorBits']}-bit vectors; "
          f"measured in the same run: read {m['readBandwidthAllThreads']:.1f} GB/s, FMA {m['fmaPeakAllThreads']:.0f} GFLOP/s (all cores); "
          f"load average {report['loadAverageBefore']} before, {report['loadAverageAfter']} after the ShardML part")
    print(f"BLAS under numpy/scikit-learn: {sk.get('blas')}")
    print()
    print("| workload | ShardML direct (ms/iter) | ShardML on Orleans | runtime overhead | machine limit (ms) | ShardML × limit "
          "| scikit-learn / numpy (ms) | ShardML speed-up | ML.NET (ms) | ShardML speed-up | check |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for w in report["workloads"]:
        direct = w["direct"]["medianMilliseconds"]
        cluster = w["cluster"]["medianMilliseconds"] if w.get("cluster") else None
        overhead = f"{100 * w['runtimeOverhead']:+.1f}%" if w.get("runtimeOverhead") is not None else "—"
        if w.get("clusterSplit"):
            overhead += f" ({w['clusterSplit']['coordinationMilliseconds']:.2f} ms coordination)"
        name = w["name"]
        if name == "kmeans":
            label = f"K-means Lloyd iteration, n={w['rows']:,}, d={w['features']}, k={w['clusters']}"
            peer = sk["kmeans"]["ms_per_iteration"]
            net = ml.get("kmeans", {}).get("ms_per_iteration")
            m = sk["kmeans"]["check_iterations"]
            ours = w["objectiveHistory"][m]
            relative = abs(sk["kmeans"]["check_inertia_float64"] - ours) / sk["kmeans"]["check_inertia_float64"]
            reference = sk["kmeans"]["reference_history"]
            worst = max(abs(r - o) / r for r, o in zip(reference, w["objectiveHistory"]))
            check = (f"inertia vs scikit-learn after {m} update from the same centers: {relative:.1e} relative; "
                     f"vs a float64 reference Lloyd after 0–{len(reference) - 1} updates: ≤ {worst:.1e}; "
                     f"scikit-learn timed over {sk['kmeans']['iterations']} iterations")
        elif name == "gd":
            label = f"batch-GD epoch, n={w['rows']:,}, d={w['features']}"
            peer = sk["gd"]["ms_per_epoch"]
            net = None
            check = "numpy X.T @ (X @ w - y), float32"
        else:
            key = "sgd" if name == "sgd" else "sparse_sgd"
            peer_run = sk[key]
            if name == "sgd":
                label = f"hinge-loss SGD epoch, n={w['rows']:,}, d={w['features']}"
            else:
                label = f"sparse hinge-loss SGD epoch (CSR), n={w['rows']:,}, d={w['features']:,}, {peer_run['nonzeros_per_row']:.0f} non-zeros/row"
            peer = peer_run["ms_per_epoch"]
            net_run = ml.get(key, {})
            net = net_run.get("ms_per_epoch")
            ours = w["testAccuracy"]
            theirs = peer_run["test_accuracy"]
            net_accuracy = f"; ML.NET {net_run['trainer']}: {100 * net_run['test_accuracy']:.2f}%" if net_run else ""
            check = (f"held-out accuracy after {w['iterationsRun']} epochs: ShardML {100 * ours:.2f}%, scikit-learn SGDClassifier "
                     f"{100 * theirs:.2f}% ({100 * (ours - theirs):+.2f} points){net_accuracy}; {w['setup']}")
        cells = [
            label,
            f"{direct:.2f}",
            f"{cluster:.2f}" if cluster is not None else "—",
            overhead,
            f"{w['limitMilliseconds']:.2f}",
            f"{direct / w['limitMilliseconds']:.2f}×",
            f"{peer:.1f}",
            f"{peer / direct:.1f}×",
            f"{net:.1f}" if net is not None else "—",
            f"{net / direct:.1f}×" if net is not None else "—",
            check,
        ]
        print("| " + " | ".join(cells) + " |")
        ratios[name] = {
            "label": label,
            "limit": direct / w["limitMilliseconds"],
            "overhead": w.get("runtimeOverhead"),
            "peer": peer / direct,
            "mlnet": net / direct if net is not None else None,
        }
    print()
    def ratio(value):
        return f"{value:.2f}×" if value is not None else "unknown"

    for w in report["workloads"]:
        load = w["load"]
        text = "CSV" if load.get("shardSeconds") is not None else "LibSVM"
        shard = (f".shard {load['datasetBytes'] / 1e6:.0f} MB loaded at {load['shardGigabytesPerSecond']:.2f} GB/s "
                 f"(peak +{ratio(load['shardPeakIncrementRatio'])}, allocated {ratio(load['shardAllocatedRatio'])}); ") if text == "CSV" else ""
        print(f"{w['name']}: {text} {load['csvBytes'] / 1e6:.0f} MB parsed at {load['csvMegabytesPerSecond']:.0f} MB/s on all cores "
              f"(the first load in the process: {load['csvBytes'] / load['csvFirstSeconds'] / 1e6:.0f} MB/s; peak memory +{ratio(load['csvPeakIncrementRatio'])}, allocated {ratio(load['csvAllocatedRatio'])} the dataset's bytes); "
              + shard
              + f"allocated per iteration: {w['direct']['allocatedBytesPerIteration'] / 1024:.1f} KB direct"
              + (f", {w['cluster']['allocatedBytesPerIteration'] / 1024:.1f} KB on Orleans" if w.get("cluster") else ""))
    if peak_path:
        peak = json.load(open(peak_path))
        gd = [w for w in report["workloads"] if w["name"] == "gd"][0]
        dataset = gd["load"]["datasetBytes"]
        total = peak["train_gd_shard_kb"] * 1024
        baseline = peak["train_tiny_kb"] * 1024
        print(f"shardml train linreg on the gd .shard file (embedded silo): peak resident {total / 1e6:.0f} MB = {total / dataset:.2f}× the "
              f"dataset's {dataset / 1e6:.0f} MB; the same command on a tiny file peaks at {baseline / 1e6:.0f} MB (runtime and Orleans), "
              f"so the data adds {(total - baseline) / dataset:.2f}×")
    return ratios


if __name__ == "__main__":
    main(sys.argv[1:])

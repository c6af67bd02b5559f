#!/usr/bin/env python3
"""Prints the ratio table of one comparison run: shardml bench --json, sklearn_bench.py and the ML.NET program's JSON."""
import json
import sys


def main(shardml_path, sklearn_path, mlnet_path, peak_path=None):
    report = json.load(open(shardml_path))["report"]
    sk = json.load(open(sklearn_path))
    ml = json.load(open(mlnet_path)) if mlnet_path else {}
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


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None, sys.argv[4] if len(sys.argv) > 4 else None)

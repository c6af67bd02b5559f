#!/usr/bin/env python3
"""Prints the comparison run's one table of ratios: shardml bench --json, sklearn_bench.py, the ML.NET program's JSON
and wholejob.py's whole jobs, round by round.

Usage: compare.py SHARDML SKLEARN MLNET WHOLE [SHARDML SKLEARN MLNET WHOLE ...] [--peak PEAK]
Each quadruple is one round, in which the engines ran one after another; WHOLE may be "-" (no whole jobs). Every
round's tables are printed; with several rounds, a last table gives each ratio's median and range over the rounds. A
ratio is always taken within one round, so a slow minute of a shared machine lands on both sides of it or on neither.
"""
import json
import statistics
import sys

COLUMNS = [
    # key, heading, format
    ("limit", "ShardML × limit", lambda v: f"{v:.2f}×"),
    ("overhead", "runtime overhead", lambda v: f"{100 * v:+.1f}%"),
    ("peer", "speed-up over scikit-learn / numpy", lambda v: f"{v:.1f}×"),
    ("mlnet", "speed-up over ML.NET", lambda v: f"{v:.1f}×"),
    ("memory", "ShardML peak ÷ data", lambda v: f"{v:.2f}×"),
    ("memory_peer", "scikit-learn peak ÷ its data", lambda v: f"{v:.2f}×"),
    ("value", "measured", None),  # formatted with the row's unit
]


def main(argv):
    peak_path = None
    if "--peak" in argv:
        at = argv.index("--peak")
        peak_path = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    if not argv or len(argv) % 4 != 0:
        sys.exit("usage: compare.py SHARDML SKLEARN MLNET WHOLE [SHARDML SKLEARN MLNET WHOLE ...] [--peak PEAK]")
    rounds = [argv[i:i + 4] for i in range(0, len(argv), 4)]
    ratios = []
    for number, (shardml_path, sklearn_path, mlnet_path, whole_path) in enumerate(rounds, start=1):
        if len(rounds) > 1:
            print(f"### round {number} of {len(rounds)}")
            print()
        row = print_round(shardml_path, sklearn_path, mlnet_path, peak_path if number == len(rounds) else None)
        if whole_path != "-":
            row.update(print_whole_jobs(json.load(open(whole_path))))
        row.update(optional_rows(json.load(open(shardml_path))["report"]))
        ratios.append(row)
        print()
        print_table(f"round {number}: every target", [ratios[-1]], single=True)
        print()
    if len(rounds) > 1:
        print_table(f"ratios over {len(ratios)} interleaved rounds: median (range)", ratios, single=False)


def spread(values):
    """median (min–max) of the values that are not None, or None."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return statistics.median(present), min(present), max(present)


def print_table(title, ratios, single):
    """The one table: a row per target, a column per kind of ratio; a cell is the round's ratio or the median (range)."""
    print(f"### {title}")
    print()
    print("| target | goal | " + " | ".join(heading for _, heading, _ in COLUMNS) + " |")
    print("|---|---|" + "---:|" * len(COLUMNS))
    names = list(ratios[0])
    for r in ratios[1:]:
        names += [n for n in r if n not in names]
    for name in names:
        first = next(r[name] for r in ratios if name in r)

        def cell(key, form):
            summary = spread([r[name].get(key) for r in ratios if name in r])
            if summary is None:
                return "—"
            median, low, high = summary
            return form(median) if single or low == high else f"{form(median)} ({form(low)}–{form(high)})"
        unit = first.get("unit", "")
        cells = [first["label"], first.get("goal", "")] + [cell(key, form or (lambda v: f"{v:.3g}{unit}")) for key, _, form in COLUMNS]
        print("| " + " | ".join(cells) + " |")


def optional_rows(report):
    """Targets measured by parts of `shardml bench` that may be absent from a build: a row of "—" then."""
    rows = {}
    kmeans = next((w for w in report["workloads"] if w["name"] == "kmeans"), None)
    cold = kmeans.get("coldStart") if kmeans else None
    rows["warmup"] = {"label": "warm-up: K-means training ÷ (iterations × warm iteration), new process (`coldStart.jobRatio`)",
                      "goal": "≤ 1.2×", "unit": "×", "value": cold["jobRatio"] if cold else None}
    # The slower direction of the data plane (a step out, a summary back), so the figure holds both ways.
    plane = (report.get("exchange") or {}).get("dataPlane")
    rows["exchange"] = {"label": "bulk exchange of 8 MB between silo processes, slower way, GB/s (`exchange.dataPlane`)",
                        "goal": "≥ 1 GB/s", "unit": " GB/s",
                        "value": min(plane["uploadGigabytesPerSecond"], plane["downloadGigabytesPerSecond"]) if plane else None}
    return rows


KMEANS_LABELS = {
    "blobs16": "blobs, d=32, k=16",
    "blobs256": "blobs, d=32, k=256",
    "digits": "digits 1797 × 64, k=10",
    "mnistlike": "MNIST-like 60,000 × 784, k=10",
}


def print_whole_jobs(whole):
    """Prints the whole jobs' details and returns their rows of the one table."""
    rows = {}
    print()
    print("| whole job | ShardML training (s) | ShardML command incl. start and load (s) | iterations | scikit-learn fit (s) | its iterations "
          "| speed-up | peak ÷ data: ShardML, scikit-learn | check |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, job in whole.items():
        ours, theirs = job["shardml"], job["sklearn"]
        memory = ours["peak_bytes"] / ours["data_bytes"] if ours["peak_bytes"] else None
        memory_peer = theirs["peak_bytes"] / theirs["data_bytes"] if theirs["peak_bytes"] else None
        if "runs" in theirs:
            best = theirs["runs"][theirs["best"]]
            other = "elkan" if theirs["best"] == "lloyd" else "lloyd"
            data = KMEANS_LABELS.get(name, name)
            if name.startswith("blobs"):
                data = f"blobs n={ours['rows']:,}, d={ours['features']}, k={ours['clusters']}"
            label = f"K-means whole job, {data} (ShardML {ours.get('algorithm') or 'default'}, scikit-learn {theirs['best']})"
            relative = (ours["inertia64"] - best["inertia64"]) / best["inertia64"]
            check = (f"inertia {relative:+.1e} relative to scikit-learn's; tol {ours['tol']:.3g} (converged: {ours['converged']}); "
                     f"scikit-learn {other}: {theirs['runs'][other]['seconds']:.3f} s, {theirs['runs'][other]['iterations']} it.")
            peer_seconds, peer_iterations = best["seconds"], best["iterations"]
            goal = "≥ 5×"
        else:
            shape = f"n={ours['rows']:,}, d={ours['features']:,}"
            if ours.get("nonzeros_per_row"):
                shape += f", {ours['nonzeros_per_row']:.0f} non-zeros/row (CSR)"
            label = f"logistic regression whole job, L-BFGS, {shape}"
            relative = (ours["objective"] - theirs["objective"]) / theirs["objective"]
            short = " (ShardML stopped short of it)" if relative > 1e-9 else ""
            check = (f"objective {ours['objective']:.12g}, {relative:+.1e} relative to scikit-learn's{short}; {ours['passes']} passes; "
                     f"converged: ShardML {ours['converged']}, scikit-learn {theirs['converged']}")
            peer_seconds, peer_iterations = theirs["seconds"], theirs["iterations"]
            goal = "≥ 3×"
        speedup = peer_seconds / ours["seconds"]
        print(f"| {label} | {ours['seconds']:.3f} | {ours['wall']:.2f} | {ours['iterations']} | {peer_seconds:.3f} | {peer_iterations} "
              f"| {speedup:.1f}× | {memory or 0:.2f}×, {memory_peer or 0:.2f}× | {check} |")
        rows[name] = {"label": label, "goal": goal, "peer": speedup, "memory": memory, "memory_peer": memory_peer}
    biggest = max(whole, key=lambda n: whole[n]["shardml"]["data_bytes"])
    b = whole[biggest]
    rows["memory"] = {"label": f"peak memory ÷ loaded data, the largest whole job ({biggest}, {b['shardml']['data_bytes'] / 1e6:.0f} MB as float32)",
                      "goal": "≤ 1.3×", "memory": rows[biggest]["memory"], "memory_peer": rows[biggest]["memory_peer"]}
    return rows


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
        ratios["peak-gd"] = {"label": f"peak memory ÷ loaded data, train linreg on the gd .shard file ({dataset / 1e6:.0f} MB; last round only)",
                             "goal": "≤ 1.3×", "memory": total / dataset}
    return ratios


if __name__ == "__main__":
    main(sys.argv[1:])

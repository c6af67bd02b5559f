#!/usr/bin/env python3
"""The issue's workloads in scikit-learn and numpy, on the .npy files `shardml bench --export DIR` wrote.

K-means: KMeans(algorithm="lloyd", init=<ShardML's starting centers>, n_init=1, tol=0) for a fixed number of
iterations; time per iteration = fit time / n_iter_. Its inertia is recomputed in float64 from its final centers
(scikit-learn 1.2 sums it in float32). Gradient descent: one epoch is numpy's X.T @ (X @ w - y) in float32.
Prints one JSON document.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info


def median_time(run, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def inertia64(x, centers, chunk=65536):
    c = centers.astype(np.float64)
    total = 0.0
    for start in range(0, x.shape[0], chunk):
        block = x[start:start + chunk].astype(np.float64)
        d = (block * block).sum(1)[:, None] - 2 * block @ c.T + (c * c).sum(1)[None, :]
        nearest = d.argmin(1)
        diff = block - c[nearest]
        total += float((diff * diff).sum())
    return total


# scikit-learn relocates an empty cluster to far points; ShardML's benchmark model keeps its center (its trainer
# re-seeds at the farthest rows). From random starting rows a cluster can empty after the first update, so
# scikit-learn is compared after one update, and the whole history against a float64 reference Lloyd that keeps
# empty centers, like the benchmark model.
CHECK_ITERATIONS = 1
REFERENCE_ITERATIONS = 3


def reference_lloyd(x, init, updates, chunk=65536):
    """Exact Lloyd in float64: inertia after 0..updates updates; an empty cluster keeps its center."""
    c = init.astype(np.float64)
    history = []
    for _ in range(updates + 1):
        sums = np.zeros_like(c)
        counts = np.zeros(len(c))
        total = 0.0
        for start in range(0, x.shape[0], chunk):
            block = x[start:start + chunk].astype(np.float64)
            d = (block * block).sum(1)[:, None] - 2 * block @ c.T + (c * c).sum(1)[None, :]
            nearest = d.argmin(1)
            diff = block - c[nearest]
            total += float((diff * diff).sum())
            np.add.at(sums, nearest, block)
            counts += np.bincount(nearest, minlength=len(c))
        history.append(total)
        c = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], c)
    return history


def main(directory, kmeans_iterations, repeats):
    result = {"blas": [{k: v for k, v in i.items() if k in ("internal_api", "num_threads", "version")} for i in threadpool_info()]}

    x = np.load(f"{directory}/kmeans-x.npy", mmap_mode=None)
    init = np.load(f"{directory}/kmeans-init.npy")
    k = init.shape[0]
    model = None

    def fit():
        nonlocal model
        model = KMeans(n_clusters=k, init=init, n_init=1, max_iter=kmeans_iterations, tol=0.0, algorithm="lloyd")
        model.fit(x)

    fit()  # warm-up
    seconds = median_time(fit, repeats)
    check = KMeans(n_clusters=k, init=init, n_init=1, max_iter=CHECK_ITERATIONS, tol=0.0, algorithm="lloyd").fit(x)
    result["kmeans"] = {
        "rows": int(x.shape[0]), "features": int(x.shape[1]), "clusters": int(k),
        "iterations": int(model.n_iter_),
        "ms_per_iteration": 1e3 * seconds / model.n_iter_,
        "check_iterations": int(check.n_iter_),
        "check_inertia_float64": inertia64(x, check.cluster_centers_),
        "reference_history": reference_lloyd(x, init, REFERENCE_ITERATIONS),
    }
    del x

    x = np.load(f"{directory}/gd-x.npy")
    y = np.load(f"{directory}/gd-y.npy")
    w = np.linspace(-0.5, 0.5, x.shape[1], dtype=np.float32)

    def epoch():
        return x.T @ (x @ w - y)

    epoch()
    result["gd"] = {"rows": int(x.shape[0]), "features": int(x.shape[1]), "ms_per_epoch": 1e3 * median_time(epoch, 3 * repeats)}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 5)

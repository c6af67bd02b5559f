#!/usr/bin/env python3
"""The issue's workloads in scikit-learn and numpy, on the .npy files `shardml bench --export DIR` wrote.

K-means: KMeans(algorithm="lloyd", init=<ShardML's starting centers>, n_init=1, tol=0) for a fixed number of
iterations; time per iteration = fit time / n_iter_. Its inertia is recomputed in float64 from its final centers
(scikit-learn 1.2 sums it in float32). Gradient descent: one epoch is numpy's X.T @ (X @ w - y) in float32.
SGD (dense, and sparse on CSR from the LibSVM file): SGDClassifier(loss='hinge', alpha=1e-4, learning_rate='optimal',
tol=None) for as many epochs as ShardML ran (--sgd-epochs), data given as float64 (SGDClassifier's own dtype, so the
conversion is not timed); time per epoch = fit time / epochs; accuracy on the held-out rows.
Prints one JSON document.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import SGDClassifier
from threadpoolctl import threadpool_info

# Must match ShardML.Bench.SgdWorkload: lambda (alpha) and the schedule ('optimal' is Pegasos with eta0 = alpha^-1/4).
SGD_ALPHA = 1e-4


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


def sgd(x, y, x_test, y_test, epochs, repeats):
    """SGDClassifier for `epochs` epochs: ms per epoch (median of fits) and held-out accuracy."""
    model = None

    def fit():
        nonlocal model
        model = SGDClassifier(loss="hinge", penalty="l2", alpha=SGD_ALPHA, learning_rate="optimal", max_iter=epochs,
                              tol=None, shuffle=True, random_state=0)
        model.fit(x, y)

    seconds = median_time(fit, repeats)
    return {"rows": int(x.shape[0]), "features": int(x.shape[1]), "epochs": int(model.n_iter_),
            "ms_per_epoch": 1e3 * seconds / model.n_iter_, "test_accuracy": float(model.score(x_test, y_test)),
            "test_rows": int(x_test.shape[0])}


def main(directory, kmeans_iterations, repeats, sgd_epochs, features):
    result = {"blas": [{k: v for k, v in i.items() if k in ("internal_api", "num_threads", "version")} for i in threadpool_info()]}
    if os.path.exists(f"{directory}/sgd-x.npy"):
        x = np.load(f"{directory}/sgd-x.npy").astype(np.float64)
        x_test = np.load(f"{directory}/sgd-test-x.npy").astype(np.float64)
        result["sgd"] = sgd(x, np.load(f"{directory}/sgd-y.npy"), x_test, np.load(f"{directory}/sgd-test-y.npy"), sgd_epochs, 3)
        del x, x_test
    if os.path.exists(f"{directory}/sparse-sgd.svm"):
        x, y = load_svmlight_file(f"{directory}/sparse-sgd.svm", n_features=features, dtype=np.float64)
        x_test, y_test = load_svmlight_file(f"{directory}/sparse-sgd-test.svm", n_features=x.shape[1], dtype=np.float64)
        result["sparse_sgd"] = sgd(x, y, x_test, y_test, sgd_epochs, 3)
        result["sparse_sgd"]["nonzeros_per_row"] = x.nnz / x.shape[0]
        del x, x_test
    if not os.path.exists(f"{directory}/kmeans-x.npy"):
        json.dump(result, sys.stdout, indent=2)
        print()
        return

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

    if not os.path.exists(f"{directory}/gd-x.npy"):
        json.dump(result, sys.stdout, indent=2)
        print()
        return
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
    # directory, K-means iterations, [SGD epochs, [sparse feature count]]
    main(sys.argv[1], int(sys.argv[2]), 5, int(sys.argv[3]) if len(sys.argv) > 3 else 5, int(sys.argv[4]) if len(sys.argv) > 4 else None)

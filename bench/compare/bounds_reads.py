#!/usr/bin/env python3
"""How many rows a bounded K-means pass must read, along the Lloyd trajectory (float64, numpy; no ShardML).

Usage: bounds_reads.py DIR JOB   (files from `wholejob.py prepare DIR ROWS CONVERTER JOB`: DIR/JOB-x.npy, DIR/JOB-init.npy)

For every Lloyd iteration from the job's starting centers to scikit-learn's stopping test it prints the fraction of
rows whose distances a Hamerly pass (one upper and one lower bound a row, kept when u <= max(l, s(a)), else u made
exact and tested again) and an Elkan pass (one lower bound per center, Elkan 2003) must compute, so must read. When a
pass is bound by reading rows (wide rows, few centers), that fraction is its cost relative to a Lloyd pass.
"""
import sys

import numpy as np


def load(path):
    try:
        return np.load(path).astype(np.float64)
    except (OSError, ValueError) as error:
        sys.exit(f"bounds_reads.py: cannot read {path} ({error}); make it with wholejob.py prepare")


def distances(x, x2, c):
    return np.sqrt(np.maximum(x2[:, None] - 2 * x @ c.T + (c * c).sum(1)[None, :], 0))


def main(directory, job):
    x, c = load(f"{directory}/{job}-x.npy"), load(f"{directory}/{job}-init.npy")
    if x.ndim != 2 or c.ndim != 2 or x.shape[1] != c.shape[1]:
        sys.exit(f"bounds_reads.py: {directory}/{job}-x.npy is {x.shape} and {job}-init.npy {c.shape}: they need rows and centers of the same width")
    n, k = x.shape[0], c.shape[0]
    rows = np.arange(n)
    tol = 1e-4 * x.var(axis=0).mean()
    x2 = (x * x).sum(1)
    d = distances(x, x2, c)
    a = d.argmin(1)
    upper = d[rows, a].copy()
    lower = d.copy()
    ordered = np.sort(d, 1)
    h_upper, h_lower = ordered[:, 0].copy(), ordered[:, 1].copy()
    print("iteration  rows changing cluster  Hamerly reads  Elkan reads")
    for iteration in range(1, 101):
        new = np.array([x[a == j].mean(0) if (a == j).any() else c[j] for j in range(k)])
        moves = np.sqrt(((new - c) ** 2).sum(1))
        c = new
        between = np.sqrt(((c[:, None, :] - c[None, :, :]) ** 2).sum(2))
        np.fill_diagonal(between, np.inf)
        s = between.min(1) / 2
        d = distances(x, x2, c)
        nearest = d.argmin(1)
        # Hamerly
        others = np.array([np.max(np.delete(moves, j)) if k > 1 else 0 for j in range(k)])
        h_upper += moves[a]
        h_lower -= others[a]
        floor = np.maximum(h_lower, s[a])
        h_read = ~(h_upper <= floor)
        search = h_read & ~(d[rows, a] <= floor)
        ordered = np.sort(d, 1)
        h_upper = np.where(search, ordered[:, 0], np.where(h_read, d[rows, a], h_upper))
        h_lower = np.where(search, ordered[:, 1], h_lower)
        # Elkan
        upper += moves[a]
        lower -= moves[None, :]
        candidates = (~(upper <= s[a]))[:, None] & (upper[:, None] > lower) & (upper[:, None] > between[a] / 2)
        candidates[rows, a] = False
        e_read = candidates.any(1)
        exact = np.where(e_read, d[rows, a], upper)
        computed = candidates & (exact[:, None] > lower) & (exact[:, None] > between[a] / 2)
        lower = np.where(computed, d, lower)
        upper = np.where(e_read, d[rows, nearest], upper)
        changed = int((nearest != a).sum())
        a = nearest
        print(f"{iteration:9d}  {changed:21d}  {h_read.mean():13.3f}  {e_read.mean():11.3f}")
        if (moves ** 2).sum() <= tol:
            break


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Regenerates the sample datasets shipped in samples/ (deterministic: fixed seeds, standard library only)."""
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def blobs(path: Path, rows: int = 3000, seed: int = 7) -> None:
    """Four well-separated Gaussian clusters in 3 dimensions; the 'species' column is the true cluster."""
    rng = random.Random(seed)
    centers = [(0.0, 0.0, 0.0), (8.0, 8.0, 0.0), (-8.0, 6.0, 4.0), (5.0, -7.0, -6.0)]
    with path.open("w", newline="\n") as f:
        f.write("x1,x2,x3,species\n")
        for i in range(rows):
            c = i % len(centers)
            x = [rng.gauss(m, 1.0) for m in centers[c]]
            f.write(",".join(f"{v:.5f}" for v in x) + f",{c}\n")


def housing(path: Path, rows: int = 5000, seed: int = 11) -> None:
    """A synthetic regression: price = 50 + 120·area − 1.5·age + 30·rooms + 8·distance⁻¹ + noise."""
    rng = random.Random(seed)
    with path.open("w", newline="\n") as f:
        f.write("area,age,rooms,inv_distance,price\n")
        for _ in range(rows):
            area = rng.uniform(0.4, 3.0)
            age = rng.uniform(0, 60)
            rooms = rng.randint(1, 7)
            inv_distance = 1.0 / rng.uniform(0.5, 30.0)
            price = 50 + 120 * area - 1.5 * age + 30 * rooms + 8 * inv_distance + rng.gauss(0, 10)
            f.write(f"{area:.4f},{age:.2f},{rooms},{inv_distance:.5f},{price:.3f}\n")


def sparse_regression(path: Path, rows: int = 2000, features: int = 50, seed: int = 13) -> None:
    """LibSVM rows with about 5 non-zeros each; label = Σ wⱼxⱼ + noise for fixed weights."""
    rng = random.Random(seed)
    weights = [math.sin(j + 1) * 3 for j in range(features)]
    with path.open("w", newline="\n") as f:
        for _ in range(rows):
            idx = sorted(rng.sample(range(features), 5))
            vals = [rng.uniform(-1, 1) for _ in idx]
            y = sum(weights[j] * v for j, v in zip(idx, vals)) + rng.gauss(0, 0.05)
            f.write(f"{y:.5f} " + " ".join(f"{j + 1}:{v:.5f}" for j, v in zip(idx, vals)) + "\n")


if __name__ == "__main__":
    blobs(HERE / "blobs.csv")
    housing(HERE / "housing.csv")
    sparse_regression(HERE / "sparse-regression.svm")

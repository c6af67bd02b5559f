#!/usr/bin/env python3
"""Writes a binary classification CSV for bench/tune/run.sh: features standard normal, the class the sign of a fixed
linear score plus logistic noise. Pure Python (no numpy), seeded: the same arguments give the same file."""
import math
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
features = int(sys.argv[2]) if len(sys.argv) > 2 else 20
path = sys.argv[3] if len(sys.argv) > 3 else "tune.csv"
rng = random.Random(15)
weights = [rng.gauss(0, 1) for _ in range(features)]
with open(path, "w") as out:
    out.write(",".join(f"x{j + 1}" for j in range(features)) + ",y\n")
    for _ in range(rows):
        x = [rng.gauss(0, 1) for _ in range(features)]
        score = sum(w * v for w, v in zip(weights, x)) + 0.5
        u = rng.random()
        noisy = score + math.log(u / (1 - u)) if 0 < u < 1 else score
        out.write(",".join(f"{v:.5f}" for v in x) + ("," + ("1" if noisy > 0 else "0")) + "\n")

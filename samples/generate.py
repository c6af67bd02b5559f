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


def churn(path: Path, rows: int = 4000, seed: int = 17) -> None:
    """A binary classification with string labels: 'churned' is yes/no, drawn from a logistic model, so classes overlap."""
    rng = random.Random(seed)
    with path.open("w", newline="\n") as f:
        f.write("tenure_months,monthly_charges,support_calls,contract_years,churned\n")
        for _ in range(rows):
            tenure = rng.randint(1, 72)
            charges = rng.uniform(20, 120)
            calls = rng.randint(0, 9)
            contract = rng.choice((0, 1, 2))
            z = 1.2 - 0.05 * tenure + 0.02 * (charges - 70) + 0.45 * calls - 0.9 * contract
            label = "yes" if rng.random() < 1 / (1 + math.exp(-z)) else "no"
            f.write(f"{tenure},{charges:.2f},{calls},{contract},{label}\n")


def penguins(path: Path, rows: int = 3000, seed: int = 19) -> None:
    """Three classes with string labels (the species), Gaussian around per-species means, partly overlapping."""
    rng = random.Random(seed)
    species = [
        ("Adelie", (38.8, 18.3, 190.0, 3700.0)),
        ("Chinstrap", (48.8, 18.4, 196.0, 3730.0)),
        ("Gentoo", (47.5, 15.0, 217.0, 5080.0)),
    ]
    spread = (2.7, 1.1, 6.5, 460.0)
    with path.open("w", newline="\n") as f:
        f.write("bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,species\n")
        for i in range(rows):
            name, means = species[rng.randrange(len(species))]
            values = [rng.gauss(m, s) for m, s in zip(means, spread)]
            f.write(f"{values[0]:.1f},{values[1]:.1f},{values[2]:.0f},{values[3]:.0f},{name}\n")


def customers(path: Path, rows: int = 3000, seed: int = 23) -> None:
    """Churn as files come from a warehouse: an id, a text plan, a region, a tenure with gaps (empty cells), 'yes'/'no'."""
    rng = random.Random(seed)
    plans = ["basic", "plus", "premium"]
    regions = ["north", "south", "east", "west", "islands"]
    with path.open("w", newline="\n") as f:
        f.write("customer_id,plan,region,tenure_months,monthly_charges,churned\n")
        for i in range(rows):
            plan = rng.choice(plans)
            region = rng.choice(regions)
            tenure = rng.randint(1, 72)
            charges = {"basic": 30, "plus": 60, "premium": 95}[plan] + rng.gauss(0, 8)
            score = 1.2 - 0.05 * tenure + (0.8 if plan == "basic" else 0.0) + (0.6 if region == "islands" else 0.0)
            churned = "yes" if rng.random() < 1 / (1 + math.exp(-score)) else "no"
            tenure_text = "" if rng.random() < 0.05 else str(tenure)
            f.write(f"C{100000 + i},{plan},{region},{tenure_text},{charges:.2f},{churned}\n")


if __name__ == "__main__":
    blobs(HERE / "blobs.csv")
    housing(HERE / "housing.csv")
    sparse_regression(HERE / "sparse-regression.svm")
    churn(HERE / "churn.csv")
    penguins(HERE / "penguins.csv")
    customers(HERE / "customers.csv")

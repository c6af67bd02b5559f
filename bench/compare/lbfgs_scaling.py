#!/usr/bin/env python3
"""What a diagonal preconditioner saves L-BFGS, in scipy alone (float64; no ShardML).

Usage: lbfgs_scaling.py DIR [JOB ...]   (files from `wholejob.py prepare DIR ROWS CONVERTER logreg-dense logreg-sparse`)

Minimizes the whole-job logistic objective F = 1/n Σ log(1 + e^(−y z)) + λ/2 ‖w‖² (λ = 10⁻⁴, intercept unpenalized)
by scipy's L-BFGS-B (m = 10) twice: on θ itself, and on u = √D θ with D the Hessian diagonal of F at θ = 0,
¼·mean(x_j²) + λ (¼ for the intercept) — the change of variables ShardML's `--preconditioner diagonal` makes. For
each it prints the evaluations until ‖∇F(θ)‖ ≤ tol × ‖∇F(0)‖ for tol = 10⁻⁴, 10⁻⁵, 10⁻⁶, and F there: an independent
check that the iterations saved come from the scaling, not from our solver.
"""
import sys

import numpy as np
import scipy.optimize

import wholejob


def objective(x, y01, n, d, lam):
    xt = x.T.tocsr() if hasattr(x, "tocsr") else x.T

    def f(theta):
        z = x @ theta[:d] + theta[d]
        r = 1 / (1 + np.exp(-z)) - y01
        g = np.empty(d + 1)
        g[:d] = xt @ r / n + lam * theta[:d]
        g[d] = r.sum() / n
        return float((np.logaddexp(0, z) - y01 * z).mean() + lam / 2 * theta[:d] @ theta[:d]), g

    return f


def main(directory, jobs):
    for job in jobs:
        x, y, _ = wholejob.load_logreg(directory, job)
        y01 = (y > 0).astype(np.float64)
        n, d = x.shape
        lam = wholejob.LAMBDA
        f = objective(x, y01, n, d, lam)
        squares = np.asarray(x.multiply(x).mean(axis=0)).ravel() if hasattr(x, "multiply") else (x * x).mean(axis=0)
        diagonal = np.append(0.25 * squares + lam, 0.25)
        start = np.linalg.norm(f(np.zeros(d + 1))[1])
        for label, scale in (("none", np.ones(d + 1)), ("diagonal", 1 / np.sqrt(diagonal))):
            trace = []

            def in_u(u, scale=scale, trace=trace):
                value, gradient = f(scale * u)
                trace.append((value, np.linalg.norm(gradient)))
                return value, scale * gradient

            scipy.optimize.minimize(in_u, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                                    options={"maxcor": 10, "maxiter": 2000, "maxfun": 3000, "gtol": 1e-14, "ftol": 1e-16})
            reached = []
            for tol in (1e-4, 1e-5, 1e-6):
                hit = next((i for i, (_, norm) in enumerate(trace) if norm <= tol * start), None)
                reached.append(f"tol {tol:g}: " + (f"{hit + 1} evaluations, F = {trace[hit][0]:.13f}" if hit is not None else "not reached"))
            print(f"{job} {label}: " + "; ".join(reached), flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:] or list(wholejob.LOGREG_JOBS))

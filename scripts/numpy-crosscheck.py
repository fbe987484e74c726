#!/usr/bin/env python3
"""Independent check of `organics solve CASE --inputs Z.npy --npy-dir DIR` with NumPy only.

    python3 scripts/numpy-crosscheck.py LAYER.npz INPUTS.npy DIR ROWS.csv [--b 1 --sigma 0.1 --tau 0.002]

Reads the layer's W_r, W, b0 from LAYER.npz, the inputs, the fixed points DIR/<stem>.y.npy,
DIR/<stem>.a.npy and the abscissae DIR/<stem>.abscissa.npy that organics wrote, and for every
row that continued to W_r recomputes, from the model's equations (variant paper, uniform b,
sigma, tau_y = tau_a = tau):
  F_y = -y + b z + (1 - sqrt(a+)) W_r y,   F_a = -a + (b0 sigma)^2 + W (a+ y^2)
  J   = (1/tau) [[-I + diag(1 - sqrt a) W_r, -diag(W_r y / (2 sqrt a))],
                 [W diag(2 a y),            -I + W diag(y^2)]]
and compares max |F| (must be tiny) and max Re eig(J) (numpy.linalg.eigvals, LAPACK's dgeev
through NumPy's own build) with organics' abscissa. Prints a Markdown table."""
import csv
import os
import sys

import numpy as np

layer, inputs_path, directory, rows_path = sys.argv[1:5]
opts = dict(zip(sys.argv[5::2], map(float, sys.argv[6::2])))
b, sigma, tau = opts.get("--b", 1.0), opts.get("--sigma", 0.1), opts.get("--tau", 0.002)
arrays = np.load(layer)
W_r, W, b0 = arrays["W_r"], arrays["W"], arrays["b0"]
Z = np.load(inputs_path)
stem = os.path.splitext(os.path.basename(inputs_path))[0]
Y = np.load(os.path.join(directory, f"{stem}.y.npy"))
A = np.load(os.path.join(directory, f"{stem}.a.npy"))
alpha = np.load(os.path.join(directory, f"{stem}.abscissa.npy"))
rows = list(csv.DictReader(open(rows_path)))
n = W.shape[0]

worst_residual, worst_gap, checked, verdicts_agree = 0.0, 0.0, 0, 0
for k, row in enumerate(rows):
    if row["branch"] != "continued":
        continue
    y, a, z = Y[k], A[k], Z[k]
    ap = np.maximum(a, 0)
    r = W_r @ y
    F = np.concatenate([-y + b * z + (1 - np.sqrt(ap)) * r, -a + (b0 * sigma) ** 2 + W @ (ap * y ** 2)])
    scale = np.concatenate([np.abs(y) + np.abs(b * z) + np.abs((1 - np.sqrt(ap)) * r),
                            np.abs(a) + (b0 * sigma) ** 2 + np.abs(W @ (ap * y ** 2))])
    J = np.block([[-np.eye(n) + np.diag(1 - np.sqrt(a)) @ W_r, -np.diag(r / (2 * np.sqrt(a)))],
                  [W @ np.diag(2 * a * y), -np.eye(n) + W @ np.diag(y ** 2)]]) / tau
    lam = np.linalg.eigvals(J)
    top = lam.real.max()
    # eigenvalue error of a normal-ish matrix: ~ eps * ||J||; relative to ||J||_F
    gap = abs(top - alpha[k]) / np.linalg.norm(J)
    worst_residual = max(worst_residual, np.max(np.abs(F) / np.maximum(scale, 1e-300)))
    worst_gap = max(worst_gap, gap)
    verdicts_agree += (top < 0) == (row["verdict"] == "stable")
    checked += 1

print("| quantity | value |")
print("| --- | --- |")
print(f"| inputs (rows) | {len(rows)} |")
print(f"| rows continued to W_r and checked | {checked} |")
print(f"| max over rows of max_i \\|F_i\\| / scale_i at the written fixed point | {worst_residual:.2e} |")
print(f"| max over rows of \\|max Re λ(J) − abscissa\\| / ‖J‖_F (NumPy eigvals vs organics) | {worst_gap:.2e} |")
print(f"| sign of max Re λ agrees with the verdict \"stable\" | {verdicts_agree} of {checked} |")

# A silent input (z = 0): the fixed point is y = 0, a = c², where J is block-triangular
# (∂F_y/∂a = −diag(W_r y)/(2√a) = 0), so its spectrum is that of (−I + diag(1 − c) W_r)/τ and −I/τ.
silent = [k for k in range(len(rows)) if not Z[k].any()]
if silent:
    k = silent[0]
    c = b0 * sigma
    closed = max(np.linalg.eigvals(-np.eye(n) + np.diag(1 - c) @ W_r).real.max(), -1.0)
    print(f"| input {k} (z = 0): max Re λ(W_r); c = b0·σ range | {np.linalg.eigvals(W_r).real.max():.4f}; [{c.min():.4f}, {c.max():.4f}] |")
    print(f"| input {k}: α·τ from max Re λ(−I + diag(1 − c) W_r) (NumPy) vs organics' row | {closed:.15g} vs {float(rows[k]['abscissa_times_tau']):.15g} |")

#!/usr/bin/env python3
"""A small "trained-like" ORGaNICs layer as NumPy arrays, and a set of inputs for it.

    python3 examples/numpy/make_layer.py [--n 16] [--m 200] [--seed 17] [--out examples/numpy]

writes into --out:
  layer.npz    W_r (n × n): I + 0.3 K, K_ij ~ N(0, 1/n) (a generic learned recurrence)
               W   (n × n): dense, nonnegative, each row summing to 1
               b0  (n,):    normalization gains in [0.5, 1.5]
  inputs.npy   (m, n): one input z per row: nonnegative, mostly localized bumps
               (a few neurons driven), every 10th a delocalized (uniform) drive,
               row 0 all zero (silent neurons)
  schedule.csv a step input: localized bump, then delocalized drive, then the bump
               elsewhere (t_s, z_1..z_n), for `organics simulate --input-schedule`
  layer.json   the case file naming the arrays (paths relative to it)
Deterministic for a given seed. Needs only numpy."""
import argparse
import json
import os

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=16)
parser.add_argument("--m", type=int, default=200)
parser.add_argument("--seed", type=int, default=17)
parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
args = parser.parse_args()
n, m = args.n, args.m
rng = np.random.default_rng(args.seed)
os.makedirs(args.out, exist_ok=True)

W_r = np.eye(n) + 0.3 * rng.standard_normal((n, n)) / np.sqrt(n)
W = rng.uniform(0.0, 1.0, (n, n))
W /= W.sum(axis=1, keepdims=True)
b0 = rng.uniform(0.5, 1.5, n)
np.savez_compressed(os.path.join(args.out, "layer.npz"), W_r=W_r, W=W, b0=b0)

# Inputs: a Gaussian bump of width ~n/16 at a random place, random height; every
# 10th input delocalized; input 0 silent.
positions = np.arange(n)
Z = np.zeros((m, n))
for k in range(1, m):
    if k % 10 == 0:
        Z[k] = rng.uniform(0.2, 1.0)
    else:
        center, height = rng.uniform(0, n), rng.uniform(0.1, 2.0)
        Z[k] = height * np.exp(-0.5 * ((positions - center) / max(1.0, n / 16)) ** 2)
np.save(os.path.join(args.out, "inputs.npy"), Z)

# Step schedule: bump at n/4 for 0.3 s, uniform drive for 0.3 s, bump at 3n/4 from 0.6 s
# (each segment ≈ 15 times the slowest relaxation time of the example layer).
bump = lambda c: np.exp(-0.5 * ((positions - c) / max(1.0, n / 16)) ** 2)
rows = [(0.0, bump(n / 4)), (0.3, np.full(n, 0.5)), (0.6, bump(3 * n / 4))]
with open(os.path.join(args.out, "schedule.csv"), "w") as f:
    f.write("t_s," + ",".join(f"z_{i + 1}" for i in range(n)) + "\n")
    for t, z in rows:
        f.write(repr(t) + "," + ",".join(repr(float(v)) for v in z) + "\n")

case = {
    "name": f"trained-like layer, n = {n} (examples/numpy/make_layer.py, seed {args.seed})",
    "n": n, "b": 1.0, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002,
    "z": {"npy": "inputs_first.npy"},
    "b0": {"npz": "layer.npz", "key": "b0"},
    "W_r": {"npz": "layer.npz", "key": "W_r"},
    "W": {"npz": "layer.npz", "key": "W"},
}
np.save(os.path.join(args.out, "inputs_first.npy"), Z[1])
with open(os.path.join(args.out, "layer.json"), "w") as f:
    json.dump(case, f, indent=2)
    f.write("\n")

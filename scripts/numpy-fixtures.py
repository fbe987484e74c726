#!/usr/bin/env python3
"""Writes Tests/Fixtures/numpy/: arrays saved by NumPy itself (np.save, np.savez,
np.savez_compressed) and the same case as plain JSON, so the tests cross-check our
.npy/.npz reader against the reference writer. Deterministic (fixed seed); rerun with
    python3 scripts/numpy-fixtures.py
and commit the result. Needs numpy."""
import json
import os

import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "numpy")
os.makedirs(os.path.join(root, "arrays"), exist_ok=True)
rng = np.random.default_rng(17)
n = 4

# float32 values are exactly representable as float64, so the JSON form below is exact.
W_r = np.eye(n) + 0.2 * rng.standard_normal((n, n))
W = rng.uniform(0.0, 1.0, (n, n)).astype(np.float32)
z = rng.uniform(0.0, 1.0, n)
b = rng.uniform(0.2, 1.0, n).astype(np.float32)
b0 = rng.uniform(0.2, 1.0, n)
tau_y = np.array([0.002, 0.003, 0.002, 0.004])

np.save(os.path.join(root, "arrays", "W_r.npy"), W_r)                                  # '<f8', C order
np.save(os.path.join(root, "arrays", "W_big_endian_fortran.npy"),
        np.asfortranarray(W.astype(">f4")))                                              # '>f4', Fortran order
np.save(os.path.join(root, "arrays", "b0_big_endian.npy"), b0.astype(">f8"))           # '>f8'
np.savez_compressed(os.path.join(root, "layer_compressed.npz"), z=z, b=b)              # deflate
np.savez(os.path.join(root, "layer_stored.npz"), tau_y=tau_y)                          # stored

common = {"n": n, "sigma": 0.1, "tau_a": 0.002, "name": "numpy fixture"}
with open(os.path.join(root, "case-npy.json"), "w") as f:
    json.dump({**common,
               "W_r": {"npy": "arrays/W_r.npy"},
               "W": {"npy": "arrays/W_big_endian_fortran.npy"},
               "b0": {"npy": "arrays/b0_big_endian.npy"},
               "z": {"npz": "layer_compressed.npz", "key": "z"},
               "b": {"npz": "layer_compressed.npz", "key": "b"},
               "tau_y": {"npz": "layer_stored.npz", "key": "tau_y"}}, f, indent=2)
    f.write("\n")
as_list = lambda a: [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]
with open(os.path.join(root, "case-json.json"), "w") as f:
    json.dump({**common,
               "W_r": [as_list(row) for row in W_r], "W": [as_list(row) for row in W],
               "b0": as_list(b0), "z": as_list(z), "b": as_list(b), "tau_y": as_list(tau_y)}, f, indent=2)
    f.write("\n")

# Inputs for `solve --inputs`: 5 inputs (one all-zero: silent neurons), float32 and float64.
Z = rng.uniform(0.0, 1.0, (5, n))
Z[2] = 0.0
np.save(os.path.join(root, "inputs.npy"), Z)
np.save(os.path.join(root, "inputs_f32_fortran.npy"), np.asfortranarray(Z.astype(np.float32)))

# Refused: what NumPy writes for other dtypes and shapes.
np.save(os.path.join(root, "arrays", "int64.npy"), np.arange(n, dtype=np.int64))
np.save(os.path.join(root, "arrays", "complex.npy"), np.ones(n, dtype=np.complex128))
np.save(os.path.join(root, "arrays", "object.npy"), np.array([1.0, "x", None, 2], dtype=object), allow_pickle=True)
np.save(os.path.join(root, "arrays", "three_d.npy"), np.zeros((n, n, 1)))
np.save(os.path.join(root, "arrays", "float16.npy"), np.ones(n, dtype=np.float16))
np.save(os.path.join(root, "arrays", "structured.npy"), np.zeros(n, dtype=[("x", "<f8"), ("y", "<f8")]))

# The inputs as an archive member, for `solve --inputs inputs.npz --inputs-key Z`.
np.savez_compressed(os.path.join(root, "inputs.npz"), Z=np.load(os.path.join(root, "inputs.npy")))

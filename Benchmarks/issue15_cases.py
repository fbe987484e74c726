"""Case files for the issue-15 benchmarks: W = ones, W_r = I + delta*K with K symmetric
(K = (M + M^T)/2, M_ij ~ N(0, 1/n)), b = b0 = 1, sigma = 0.1, tau = 2 ms, delocalized z with
||z|| = 0.1 (|N(0,1)| entries, normalized), variant paper.
usage: python3 Benchmarks/issue15_cases.py N DIR [SEED] [DELTA ...]   (default deltas: 0.01 0.04 0.1 0.4 1)"""
import json, os, sys
import numpy as np
n, directory = int(sys.argv[1]), sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
deltas = [float(d) for d in sys.argv[4:]] or [0.01, 0.04, 0.1, 0.4, 1.0]
rng = np.random.default_rng(seed)
M = rng.normal(0, 1 / np.sqrt(n), (n, n)); K = (M + M.T) / 2
z = np.abs(rng.normal(0, 1, n)); z *= 0.1 / np.linalg.norm(z)
os.makedirs(directory, exist_ok=True)
for k, delta in enumerate(deltas):
    case = dict(name=f'issue15 n={n} seed={seed} delta={delta}', variant='paper', n=n, b=1.0, b0=1.0, sigma=0.1,
                tau_y=0.002, tau_a=0.002, z=z.tolist(), W_r=(np.eye(n) + delta * K).tolist(), W='ones')
    with open(os.path.join(directory, f'n{n}-d{k}.json'), 'w') as f: json.dump(case, f)
    print(os.path.join(directory, f'n{n}-d{k}.json'))

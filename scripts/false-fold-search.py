"""Random search for false folds over sparse/localized circuits with silent neurons.
usage: python3 scripts/false-fold-search.py SEED COUNT BINARY [BINARY...] (e.g. 14 1000 an old and a new organics)"""
import json, os, subprocess, sys
import numpy as np
seed, count = int(sys.argv[1]), int(sys.argv[2]); binaries = sys.argv[3:]
rng = np.random.default_rng(seed)
d = os.path.join(os.environ.get('TMPDIR', '/tmp'), f'organics-fold-search-s{seed}'); os.makedirs(d, exist_ok=True)
paths = []
for k in range(count):
    n = int(rng.choice([4, 8, 16]))
    c = rng.integers(n); w = rng.uniform(0.5, 2.0)
    bump = np.exp(-(np.arange(n) - c) ** 2 / (2 * w * w)); z = rng.uniform(0.2, 1.0) * bump; z[bump < 1e-3] = 0.0
    K = np.where(rng.random((n, n)) < 0.25, rng.normal(0, 1 / np.sqrt(0.25 * n), (n, n)), 0.0)
    np.fill_diagonal(K, 0.0)
    for i in range(n):
        if z[i] == 0 and rng.random() < 0.5: K[i, :] = 0.0
    delta = rng.uniform(0.2, 1.5)
    Wr = np.eye(n) + delta * K
    case = dict(name=f'search {seed}/{k}', variant='paper', n=n, b=list(rng.uniform(0.3, 1, n)), b0=list(rng.uniform(0.4, 1, n)),
                sigma=list(rng.uniform(0.05, 0.3, n)), tau_y=list(rng.uniform(1e-3, 1e-2, n)), tau_a=list(rng.uniform(1e-3, 2e-2, n)),
                z=list(z), W_r=Wr.tolist(), W='ones')
    p = f'{d}/c{k:05d}.json'; json.dump(case, open(p, 'w')); paths.append(p)

def F(x, C, Wr):
    n = C['n']; y, a = x[:n], x[n:]; b, z = np.array(C['b']), np.array(C['z']); c2 = (np.array(C['b0']) * np.array(C['sigma'])) ** 2
    s = np.sqrt(np.maximum(a, 0)); r = Wr @ y
    return np.concatenate([-y + b * z + (1 - s) * r, -a + c2 + np.ones((n, n)) @ (a * y * y)])
def DF(x, C, Wr):
    n = C['n']; y, a = x[:n], x[n:]; s = np.sqrt(a); r = Wr @ y; W = np.ones((n, n))
    return np.block([[-np.eye(n) + np.diag(1 - s) @ Wr, np.diag(-r / (2 * s))], [W @ np.diag(2 * a * y), -np.eye(n) + W @ np.diag(y * y)]])
def reference(C, steps=1000):
    """Natural continuation with fixed steps 1/steps and full Newton; None unless it reaches t = 1
    with sigma_min(DF) >= 1e-6 and constant sign det DF along the way."""
    n = C['n']; b, z = np.array(C['b']), np.array(C['z']); c2 = (np.array(C['b0']) * np.array(C['sigma'])) ** 2
    a = c2 + np.ones((n, n)) @ (b * z) ** 2; x = np.concatenate([b * z / np.sqrt(a), a]); Wr1 = np.array(C['W_r'])
    sign = None; smin = np.inf
    for k in range(1, steps + 1):
        t = k / steps; Wr = np.eye(n) + t * (Wr1 - np.eye(n)); x0 = x.copy()
        for _ in range(30):
            dx = np.linalg.solve(DF(x, C, Wr), F(x, C, Wr)); x = x - dx
            if np.any(x[n:] <= 0): return None
            if np.max(np.abs(dx)) <= 1e-14 * max(1, np.max(np.abs(x))): break
        if np.max(np.abs(F(x, C, Wr))) > 1e-11 or np.max(np.abs(x - x0)) > 0.05 * max(1, np.max(np.abs(x0))): return None
        J = DF(x, C, Wr); sv = np.linalg.svd(J, compute_uv=False); smin = min(smin, sv[-1])
        sg = np.sign(np.linalg.det(J))
        if sv[-1] < 1e-6 or (sign is not None and sg != sign): return None
        sign = sg
    return x, smin

for binary in binaries:
    out = subprocess.run([binary, 'solve', *paths, '--jsonl'], capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS='1'))
    results = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    counts = {}; false_folds = []; mismatches = 0
    for p, r in zip(paths, results):
        counts[r['branch']] = counts.get(r['branch'], 0) + 1
        if r['branch'] != 'continued':
            C = json.load(open(p)); ref = reference(C)
            if ref is not None: false_folds.append((os.path.basename(p), r['branch'], r['t_reached'], ref[1]))
        else:
            pass
    print(f'{binary}: {len(results)} circuits, verdicts {counts}, not continued although the slow reference reaches t = 1 well conditioned: {len(false_folds)}')
    for f in false_folds[:10]: print('   ', f)

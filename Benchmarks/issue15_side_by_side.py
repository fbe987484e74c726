#!/usr/bin/env python3
"""Issue 15's yardstick: a whole `organics solve` cell (process included: reading the case,
branch continuation, spectrum, verdict, JSON) against NumPy's dense `eigvals` of the same cell's
2n x 2n flow Jacobian, run side by side (A, B, A, B, ...) so that drifts of this shared machine's
speed hit both alike; the ratio is taken pair by pair and its median is reported.

    python3 Benchmarks/issue15_side_by_side.py ORGANICS CASE.json [CASE.json ...] [--pairs K] [--route R]

B is timed two ways: `eigvals` alone inside one Python process (time.perf_counter, median of K),
and as a whole process (python3 loading the saved Jacobian and calling eigvals; start-up and
`import numpy` included). The Jacobian is the analytic flow Jacobian (Benchmarks/scipy_baseline.py)
at the fixed point `organics solve` reports. Run with OPENBLAS_NUM_THREADS=1 (both libraries).
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np

args = sys.argv[1:]
pairs = 5
route = None
if '--pairs' in args:
    k = args.index('--pairs'); pairs = int(args[k + 1]); del args[k:k + 2]
if '--route' in args:
    k = args.index('--route'); route = args[k + 1]; del args[k:k + 2]
organics, cases = args[0], args[1:]
extra = ['--route', route] if route else []


def jacobian(case, y, a):
    n = case['n']
    def vec(v): v = np.asarray(v, dtype=float); return np.full(n, float(v)) if v.ndim == 0 else v
    def mat(v):
        if v == 'identity': return np.eye(n)
        if v == 'ones': return np.ones((n, n))
        return np.asarray(v, dtype=float)
    ty, ta, Wr, W = vec(case['tau_y']), vec(case['tau_a']), mat(case.get('W_r', 'identity')), mat(case.get('W', 'ones'))
    s = np.sqrt(a); r = Wr @ y
    J = np.block([[-np.eye(n) + np.diag(1 - s) @ Wr, np.diag(-r / (2 * s))],
                  [W @ np.diag(2 * a * y), -np.eye(n) + W @ np.diag(y * y)]])
    return J / np.concatenate([ty, ta])[:, None]


def wall(command):
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS='1'))
    return time.perf_counter() - start, out


print('| case | n | `organics solve` wall, s (median) | NumPy `eigvals` in-process, s (median) | ratio solve / eigvals (in-process) '
      '| `eigvals` process, s (median) | paired ratio solve / eigvals process (median) | verdict |')
print('| --- | --- | --- | --- | --- | --- | --- | --- |')
directory = tempfile.mkdtemp(prefix='organics-issue15-')
for path in cases:
    case = json.load(open(path))
    _, out = wall([organics, 'solve', path, '--json'] + extra)
    result = json.loads(out.stdout)
    J = jacobian(case, np.array(result['y']), np.array(result['a']))
    saved = os.path.join(directory, os.path.basename(path) + '.J.npy'); np.save(saved, J)
    inside = []
    for _ in range(pairs):
        start = time.perf_counter(); np.linalg.eigvals(J); inside.append(time.perf_counter() - start)
    script = f"import numpy as np; np.linalg.eigvals(np.load({saved!r}))"
    a_times, b_times, ratios = [], [], []
    for _ in range(pairs):
        ta, _ = wall([organics, 'solve', path, '--json'] + extra)
        tb, _ = wall([sys.executable, '-c', script])
        a_times.append(ta); b_times.append(tb); ratios.append(ta / tb)
    med = lambda v: float(np.median(v))
    print(f"| {os.path.basename(path)} | {case['n']} | {med(a_times):.3f} | {med(inside):.3f} | {med(a_times) / med(inside):.2f} "
          f"| {med(b_times):.3f} | {med(ratios):.2f} | {result.get('verdict')} |")

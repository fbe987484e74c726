#!/usr/bin/env python3
"""SciPy/NumPy baseline for one ORGaNICs case file (variant "paper" only).

    python3 Benchmarks/scipy_baseline.py CASE.json [--json]

Reads the case file (docs/case-format.md), finds a fixed point of

    tau_y dy/dt = -y + b z + (1 - sqrt(a)) W_r y
    tau_a da/dt = -a + (b0 sigma)^2 + W (a * y^2)

with scipy.optimize.root(method='hybr') started from the closed form for W_r = I
(a = c^2 + W (b z)^2, y = b z / sqrt(a)), builds the analytic flow Jacobian

    J_yy = diag(1/tau_y) (-I + diag(1 - sqrt(a)) W_r)
    J_ya = diag(1/tau_y) diag(-r / (2 sqrt(a))),   r = W_r y
    J_ay = diag(1/tau_a) W diag(2 a y)
    J_aa = diag(1/tau_a) (-I + W diag(y^2))

and takes numpy.linalg.eigvals. Prints the wall time of each stage (time.perf_counter),
the spectral abscissa alpha (1/s) and alpha * tau_max. No continuation: 'hybr' may land on a
fixed point other than the normalization branch; compare y, a with `organics solve`.
"""
import json
import sys
import time

t_import0 = time.perf_counter()
import numpy as np
import scipy.optimize
t_import = time.perf_counter() - t_import0


def vec(v, n):
    a = np.asarray(v, dtype=float)
    return np.full(n, float(a)) if a.ndim == 0 else a


def mat(v, n):
    if v == 'identity':
        return np.eye(n)
    if v == 'ones':
        return np.ones((n, n))
    return np.asarray(v, dtype=float)


def main():
    path = sys.argv[1]
    as_json = '--json' in sys.argv[2:]
    times = {'import numpy+scipy': t_import}

    t0 = time.perf_counter()
    case = json.load(open(path))
    if case.get('variant', 'paper') != 'paper':
        sys.exit(f'{path}: only variant "paper" is implemented here')
    n = int(case['n'])
    b, b0, sigma = vec(case['b'], n), vec(case['b0'], n), vec(case['sigma'], n)
    tau_y, tau_a = vec(case['tau_y'], n), vec(case['tau_a'], n)
    z = vec(case['z'], n)
    Wr = mat(case.get('W_r', 'identity'), n)
    W = mat(case.get('W', 'ones'), n)
    c2 = (b0 * sigma) ** 2
    times['read case'] = time.perf_counter() - t0

    def F(x):  # the flow dx/dt
        y, a = x[:n], x[n:]
        sa = np.sqrt(np.maximum(a, 0.0))
        fy = (-y + b * z + (1 - sa) * (Wr @ y)) / tau_y
        fa = (-a + c2 + W @ (np.maximum(a, 0.0) * y * y)) / tau_a
        return np.concatenate([fy, fa])

    def J(x):
        y, a = x[:n], x[n:]
        sa = np.sqrt(a)
        r = Wr @ y
        Jm = np.empty((2 * n, 2 * n))
        Jm[:n, :n] = (-np.eye(n) + (1 - sa)[:, None] * Wr) / tau_y[:, None]
        Jm[:n, n:] = np.diag(-r / (2 * sa) / tau_y)
        Jm[n:, :n] = (W * (2 * a * y)[None, :]) / tau_a[:, None]
        Jm[n:, n:] = (-np.eye(n) + W * (y * y)[None, :]) / tau_a[:, None]
        return Jm

    t0 = time.perf_counter()
    a0 = c2 + W @ ((b * z) ** 2)
    x0 = np.concatenate([b * z / np.sqrt(a0), a0])
    times['closed-form start'] = time.perf_counter() - t0

    t0 = time.perf_counter()
    sol = scipy.optimize.root(F, x0, jac=J, method='hybr', options={'xtol': 1e-13})
    times['scipy.optimize.root (hybr, analytic jac)'] = time.perf_counter() - t0
    x = sol.x
    y, a = x[:n], x[n:]
    scale = np.concatenate([np.abs(b * z) + np.abs((1 - np.sqrt(np.abs(a))) * (Wr @ y)) + np.abs(y),
                            np.abs(a) + c2 + np.abs(W @ (a * y * y))]) / np.concatenate([tau_y, tau_a])
    resid = float(np.max(np.abs(F(x)) / np.maximum(scale, 1e-300)))

    t0 = time.perf_counter()
    Jx = J(x)
    times['Jacobian (analytic)'] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ev = np.linalg.eigvals(Jx)
    times['numpy.linalg.eigvals'] = time.perf_counter() - t0
    alpha = float(np.max(ev.real))
    tau_max = float(max(tau_y.max(), tau_a.max()))

    out = {
        'case': path, 'n': n, 'root_success': bool(sol.success), 'root_message': sol.message,
        'nfev': int(sol.nfev), 'njev': int(sol.get('njev', 0)),
        'max_rel_residual': resid, 'min_a': float(a.min()),
        'abscissa': alpha, 'abscissa_times_tau': alpha * tau_max,
        'y': y.tolist(), 'a': a.tolist(),
        'seconds': times, 'seconds_after_import': sum(v for k, v in times.items() if not k.startswith('import')),
    }
    if as_json:
        json.dump(out, sys.stdout)
        print()
        return
    print(f'{path}: n = {n}, root: success={sol.success} ({sol.message.strip()}), nfev={out["nfev"]}, njev={out["njev"]}')
    print(f'  max |F_i|/scale_i = {resid:.3g}, min a = {out["min_a"]:.6g}')
    print(f'  spectral abscissa {alpha!r} 1/s, alpha*tau_max = {alpha * tau_max!r}')
    for k, v in times.items():
        print(f'  {k}: {v * 1e3:.2f} ms')


if __name__ == '__main__':
    main()

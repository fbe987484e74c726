#!/usr/bin/env python3
"""SciPy baseline vs `organics solve` on the same emitted cells (notebooks-md/benchmarks.md).

    python3 scripts/scipy_compare.py ORGANICS RUNS TABLES CELL...

For each RUNS/cellD.json (D in CELL...): wall time of `organics solve CASE --json` and of
`python3 Benchmarks/scipy_baseline.py CASE --json` (subprocess, median of 3), SciPy's own
per-stage times, both abscissas, the distance between the two fixed points, and the abscissa
`organics spectrum CASE --at SCIPY_STATE` computes at SciPy's fixed point (same point, two codes).
Writes TABLES/scipy-compare.md and TABLES/scipy-env.txt.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

org, runs, tab = sys.argv[1:4]
cells = sys.argv[4:]
here = os.path.dirname(os.path.abspath(__file__))
baseline = os.path.join(here, '..', 'Benchmarks', 'scipy_baseline.py')


def timed(cmd, reps=3):
    ts, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), out


def md(header, body):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in body]
    return '\n'.join(out) + '\n'


t_start, _ = timed([org, '--help'])
t_py, _ = timed([sys.executable, '-c', 'pass'])
body = []
for d in cells:
    case = f'{runs}/cell{d}.json'
    delta = float(re.search(r'delta ([0-9.e-]+)', json.load(open(case))['name']).group(1))
    t_org, o = timed([org, 'solve', case, '--json'])
    o = json.loads(o)
    t_sp, s = timed([sys.executable, baseline, case, '--json'])
    s = json.loads(s)
    dist = max(max(abs(u - v) for u, v in zip(o['y'], s['y'])), max(abs(u - v) for u, v in zip(o['a'], s['a'])))
    state = f'{runs}/cell{d}-scipy-state.json'
    json.dump({'y': s['y'], 'a': s['a']}, open(state, 'w'))
    at = json.loads(subprocess.run([org, 'spectrum', case, '--at', state, '--format', 'json'],
                                   check=True, capture_output=True, text=True).stdout)
    sec = s['seconds']
    same = dist < 1e-8
    body.append([f'{delta:.3g}', f'{t_org * 1e3:.0f}', f'{t_sp * 1e3:.0f}',
                 f"{sec['import numpy+scipy'] * 1e3:.0f}",
                 f"{sec['scipy.optimize.root (hybr, analytic jac)'] * 1e3:.1f} ({s['nfev']} f, {s['njev']} J)",
                 f"{sec['numpy.linalg.eigvals'] * 1e3:.1f}",
                 f"{o['abscissa_times_tau']:+.6f}", f"{s['abscissa_times_tau']:+.6f}",
                 f'{dist:.2e}', 'same' if same else f"**different** (min a {min(o['a']):.4f} vs {s['min_a']:.4f})",
                 f"{at['abscissa_times_tau']:+.6f}",
                 f"{abs(at['abscissa_times_tau'] - s['abscissa_times_tau']):.1e}"
                 + (f" / {abs(o['abscissa_times_tau'] - s['abscissa_times_tau']):.1e}" if same else '')])
    print(f'scipy-compare: cell {d} done', file=sys.stderr)

with open(f'{tab}/scipy-compare.md', 'w') as f:
    f.write(md(['δ', '`organics solve` wall, ms', 'scipy_baseline.py wall, ms', '… of which import, ms',
                '… root (hybr), ms', '… eigvals, ms', 'ours α·τ (branch)', 'SciPy α·τ',
                'max \\|x_ours − x_SciPy\\|', 'fixed point', '`organics spectrum --at` SciPy point, α·τ',
                '\\|Δα·τ\\| same point (/ ours vs SciPy if same)'], body))
    f.write(f'\nProcess start alone (median of 3): `organics --help` {t_start * 1e3:.0f} ms, '
            f'`python3 -c pass` {t_py * 1e3:.0f} ms.\n')

import numpy
env = ' '.join(sorted(f'{k}={v}' for k, v in os.environ.items() if k.startswith('OPENBLAS'))) or '(none)'
cfg = numpy.show_config(mode='dicts') if 'mode' in numpy.show_config.__code__.co_varnames else {}
blas = cfg.get('Build Dependencies', {}).get('blas', {})
with open(f'{tab}/scipy-env.txt', 'w') as f:
    f.write(f'OPENBLAS environment: {env}\n')
    f.write(f"numpy {numpy.__version__}, BLAS/LAPACK: {blas.get('name', '?')} {blas.get('version', '?')} "
            f"({blas.get('openblas configuration', '').strip()})\n")
    import scipy
    f.write(f'scipy {scipy.__version__}, python {sys.version.split()[0]}\n')
    f.write(f'uptime: {os.popen("uptime").read().strip()}\n')

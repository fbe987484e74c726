#!/usr/bin/env python3
"""Tables and the eigenvalue-cloud SVG of notebooks-md/spectra.md.

    python3 scripts/spectra.py RUNS TABLES FIGURES

RUNS holds (written by scripts/notebooks.sh):
  cellD.json, cellD-spectrum.csv, cellD-solve.json   for the emitted cells D (trial 0, ‖z‖ index 0)
  nN/cells.csv, nN.seconds                           the finite-size sweeps
Writes TABLES/spectra-law.md, spectra-cloud.md, spectra-finite-size*.md and FIGURES/spectra-cloud.svg.
"""
import csv
import glob
import json
import math
import os
import re
import statistics
import sys

import numpy as np

runs, tab, fig = sys.argv[1:4]


def md(header, body):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in body]
    return '\n'.join(out) + '\n'


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


def vec(v, n):
    a = np.asarray(v, dtype=float)
    return np.full(n, float(a)) if a.ndim == 0 else a


# 1. The emitted cells: law vs computed abscissa, and cloud statistics.
cells = sorted((int(re.search(r'cell(\d+)\.json$', p).group(1)), p)
               for p in glob.glob(f'{runs}/cell*.json') if re.search(r'cell\d+\.json$', p))
law, cloud, clouds = [], [], []
for idx, path in cells:
    case = json.load(open(path))
    n = case['n']
    tau = max(vec(case['tau_y'], n).max(), vec(case['tau_a'], n).max())
    name = case.get('name', '')
    delta = float(re.search(r'delta ([0-9.e-]+)', name).group(1))
    dK = np.asarray(case['W_r'], dtype=float) - np.eye(n)
    lk = np.linalg.eigvalsh((dK + dK.T) / 2)
    b, b0, sig, z = vec(case['b'], n), vec(case['b0'], n), vec(case['sigma'], n), vec(case['z'], n)
    assert case.get('W', 'ones') == 'ones'
    s0 = math.sqrt((b0[0] * sig[0]) ** 2 + float(np.sum((b * z) ** 2)))
    sol = json.load(open(f'{runs}/cell{idx}-solve.json'))
    s = math.sqrt(sol['a'][0])
    with open(f'{runs}/cell{idx}-spectrum.csv') as f:
        ev = np.array([[float(r['real_per_s']), float(r['imaginary_per_s'])] for r in csv.DictReader(f)]) * tau
    alpha = ev[:, 0].max()
    lead = ev[np.argmax(ev[:, 0])]
    law.append([f'{delta:.3g}', f'{lk[-1]:.4f}', f'{s0:.4f}', f'{-s0 + (1 - s0) * lk[-1]:+.5f}',
                f'{s:.4f}', f'{-s + (1 - s) * lk[-1]:+.5f}', f'{alpha:+.5f}',
                f'{alpha - (-s + (1 - s) * lk[-1]):+.2e}', sol['branch']])
    cplx = int(np.sum(np.abs(ev[:, 1]) > 1e-9))
    nr = ev[np.abs(ev[:, 1]) > 1e-9]
    cloud.append([f'{delta:.3g}', len(ev), f'{alpha:+.4f}', f'{abs(lead[1]):.4f}', cplx,
                  f'{nr[:, 0].max():+.4f}' if len(nr) else '—',
                  f'{ev[:, 0].min():+.3f}', f'{np.abs(ev[:, 1]).max():.4f}',
                  f'{-s + (1 - s) * lk[0]:+.3f}', f'{-s + (1 - s) * lk[-1]:+.4f}'])
    clouds.append((delta, ev))

write(f'{tab}/spectra-law.md', md(
    ['δ', 'λ_max(δK)', 's₀ = √(c² + ‖bz‖²)', 'law with s₀', 's = √a* (branch)', 'law with s',
     'computed α·τ', 'α·τ − law with s', 'branch'], law))
write(f'{tab}/spectra-cloud.md', md(
    ['δ', 'eigenvalues', 'α·τ', '\\|Im λ_lead\\|·τ', 'non-real', 'max Re λτ of non-real', 'min Re λτ', 'max \\|Im λτ\\|',
     '−s + (1−s)λ_min(δK)', '−s + (1−s)λ_max(δK)'], cloud))

# SVG: one panel per δ, λτ in the complex plane, each panel scaled to its own cloud.
W, H, P = 230, 170, 28
cols = 3
rows_ = (len(clouds) + cols - 1) // cols
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{cols * W}" height="{rows_ * H}" '
       f'font-family="sans-serif" font-size="10">', '<rect width="100%" height="100%" fill="white"/>']
for k, (delta, ev) in enumerate(clouds):
    ox, oy = (k % cols) * W, (k // cols) * H
    x0, x1 = min(ev[:, 0].min(), -0.01), max(ev[:, 0].max(), 0.0)
    ym = max(np.abs(ev[:, 1]).max(), 0.05)
    x0 -= 0.05 * (x1 - x0); x1 += 0.05 * (x1 - x0)
    sx = lambda v: ox + P + (v - x0) / (x1 - x0) * (W - P - 8)
    sy = lambda v: oy + 18 + (ym * 1.1 - v) / (2.2 * ym) * (H - 18 - P)
    out.append(f'<rect x="{ox + P}" y="{oy + 18}" width="{W - P - 8}" height="{H - 18 - P}" fill="none" stroke="#999"/>')
    out.append(f'<text x="{ox + P}" y="{oy + 13}">δ = {delta:.3g}, α·τ = {ev[:, 0].max():+.4f}</text>')
    out.append(f'<line x1="{sx(0):.1f}" y1="{oy + 18}" x2="{sx(0):.1f}" y2="{oy + H - P}" stroke="#c00" stroke-dasharray="3,2"/>')
    out.append(f'<text x="{ox + P}" y="{oy + H - P + 12}">{x0:.2f}</text>')
    out.append(f'<text x="{ox + W - 8}" y="{oy + H - P + 12}" text-anchor="end">{x1:.2f}</text>')
    out.append(f'<text x="{ox + (W + P) / 2}" y="{oy + H - 4}" text-anchor="middle">Re λτ</text>')
    out.append(f'<text x="{ox + P - 2}" y="{oy + 26}" text-anchor="end">{ym * 1.1:.2g}</text>')
    out.append(f'<text x="{ox + P - 2}" y="{oy + H - P}" text-anchor="end">−{ym * 1.1:.2g}</text>')
    seen = set()
    for re_, im_ in ev:
        p = (round(sx(re_)), round(sy(im_)))
        if p in seen:
            continue
        seen.add(p)
        out.append(f'<circle cx="{p[0]}" cy="{p[1]}" r="1.6"/>')
out.append('</svg>')
write(f'{fig}/spectra-cloud.svg', '\n'.join(out) + '\n')

# 2. Finite size: max α·τ over trials and ‖z‖, per n and δ, and λ_max(K) = (ρ(W_r) − 1)/δ.
def rows(path):
    with open(path) as f:
        return list(csv.DictReader(l for l in f if not l.startswith('#')))

fs = {}
for p in glob.glob(f'{runs}/n*/cells.csv'):
    fs[int(re.search(r'/n(\d+)/cells\.csv$', p).group(1))] = rows(p)
if fs:
    ns = sorted(fs)
    ds = sorted({float(r['delta']) for r in fs[ns[0]]})
    zs = sorted({float(r['input_norm']) for r in fs[ns[0]]})

    def mx(rs):
        v = [float(r['abscissa_times_tau']) for r in rs if r['abscissa_times_tau']]
        return f'{max(v):+.4f}' if v else '—'

    body = [[n] + [mx([r for r in fs[n] if float(r['delta']) == d]) for d in ds] for n in ns]
    write(f'{tab}/spectra-finite-size.md', md(['n \\ δ'] + [f'{d:.3g}' for d in ds], body))
    body = [[n] + [mx([r for r in fs[n] if float(r['delta']) == d and float(r['input_norm']) == zs[0]]) for d in ds]
            for n in ns]
    write(f'{tab}/spectra-finite-size-z0.md', md(['n \\ δ'] + [f'{d:.3g}' for d in ds], body))
    body = []
    for n in ns:
        c = fs[n]
        lk = [(float(r['spectral_radius_wr']) - 1) / float(r['delta']) for r in c
              if float(r['delta']) == ds[0] and r['input_norm_index'] == '0']
        ab = [float(r['abscissa_times_tau']) for r in c if r['abscissa_times_tau']]
        wall = open(f'{runs}/n{n}.seconds').read().strip() if os.path.exists(f'{runs}/n{n}.seconds') else '—'
        body.append([n, len(c), ', '.join(f'{x:.3f}' for x in lk), f'{math.sqrt(2):.3f}',
                     sum(r['branch_status'] == 'converged' for r in c),
                     sum(r['verdict'] == 'stable' for r in c), sum(r['verdict'] == 'unstable' for r in c),
                     f'{max(ab):+.4f}', f'{sum(float(r["seconds"]) for r in c):.1f}', wall])
    write(f'{tab}/spectra-finite-size-summary.md', md(
        ['n', 'cells', 'λ_max(K) per trial (δ = 0.01)', 'semicircle edge √2', 'branch converged',
         'stable', 'unstable', 'max α·τ (all cells)', 'Σ seconds', 'wall, s'], body))
# 3. The unstable n = 25 draw against the n = 100 cells: top eigenvector of K vs the uniform input.
body = []
for path in sorted(glob.glob(f'{runs}/n25-cell*.json')) + [p for _, p in cells]:
    if path.endswith('-solve.json'):
        continue
    case = json.load(open(path))
    sol = json.load(open(path[:-5] + '-solve.json'))
    n = case['n']
    w, V = np.linalg.eigh(np.asarray(case['W_r'], dtype=float) - np.eye(n))
    delta = float(re.search(r'delta ([0-9.e-]+)', case['name']).group(1))
    trial = re.search(r'trial (\d+)', case['name']).group(1)
    s = math.sqrt(sol['a'][0])
    body.append([n, trial, f'{delta:.3g}', f"{abs(V[:, -1].sum()) / math.sqrt(n):.4f}", f'{s:.4f}',
                 f'{-s + (1 - s) * w[-1]:+.5f}', f"{sol['abscissa_times_tau']:+.5f}",
                 sum(v < 0 for v in sol['y'])])
write(f'{tab}/spectra-n25.md', md(['n', 'trial', 'δ', '\\|⟨v_max(K), 1/√n⟩\\|', 's = √a*',
                                   '−s + (1−s)λ_max(δK)', 'α·τ', 'y_i < 0'], body))
print(f'spectra: {len(cells)} cells, finite-size n = {sorted(fs)}', file=sys.stderr)

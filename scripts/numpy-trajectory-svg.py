#!/usr/bin/env python3
"""SVG of a step-input trajectory with each segment's normalization target drawn.

    python3 scripts/numpy-trajectory-svg.py TRAJ.csv SCHEDULE.csv TARGETS_Y.npy OUT.svg [neuron ...]

TRAJ.csv: `organics simulate --input-schedule` output (t_s, y_*, a_*, z_*); SCHEDULE.csv its
breakpoints; TARGETS_Y.npy the branch fixed points' y for each breakpoint's input (from
`organics solve CASE --inputs SCHEDULE-inputs.csv --npy-dir …`). Draws y_i(t) (solid) and the
target y*_i of each segment (dashed) for the chosen neurons (1-based; default 4 8 12). No matplotlib."""
import csv
import sys

import numpy as np

traj_path, schedule_path, targets_path, out = sys.argv[1:5]
neurons = [int(v) for v in sys.argv[5:]] or [4, 8, 12]
rows = list(csv.reader(open(traj_path)))
header, data = rows[0], np.array([[float(v) for v in r] for r in rows[1:]])
breaks = [float(r[0]) for r in list(csv.reader(open(schedule_path)))[1:]]
targets = np.load(targets_path)
t = data[:, 0]
ends = breaks[1:] + [t[-1]]
colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
ys = [data[:, header.index(f"y_{i}")] for i in neurons] + [targets[:, i - 1] for i in neurons]
lo, hi = min(v.min() for v in ys), max(v.max() for v in ys)
pad = 0.05 * (hi - lo or 1)
lo, hi = lo - pad, hi + pad
W, H, L, B = 640, 320, 60, 40
X = lambda v: L + (v - t[0]) / (t[-1] - t[0]) * (W - L - 20)
Yc = lambda v: H - B - (v - lo) / (hi - lo) * (H - B - 20)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - 20}" y2="{H - B}" stroke="black"/>',
       f'<line x1="{L}" y1="20" x2="{L}" y2="{H - B}" stroke="black"/>',
       f'<text x="{(W + L) / 2}" y="{H - 8}" text-anchor="middle">t (s); steps at {", ".join(f"{b:g}" for b in breaks[1:])} s</text>',
       f'<text x="12" y="{(H - B) / 2}" transform="rotate(-90 12 {(H - B) / 2})" text-anchor="middle">y_i</text>',
       f'<text x="{L - 4}" y="{Yc(hi) + 4:.1f}" text-anchor="end">{hi:.2f}</text>',
       f'<text x="{L - 4}" y="{Yc(lo) + 4:.1f}" text-anchor="end">{lo:.2f}</text>']
for b in breaks[1:]:
    svg.append(f'<line x1="{X(b):.1f}" y1="20" x2="{X(b):.1f}" y2="{H - B}" stroke="#bbb"/>')
for c, i in enumerate(neurons):
    color = colors[c % len(colors)]
    column = data[:, header.index(f"y_{i}")]
    points = " ".join(f"{X(a):.1f},{Yc(v):.1f}" for a, v in zip(t, column))
    svg.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}"/>')
    for k, (start, end) in enumerate(zip(breaks, ends)):
        svg.append(f'<line x1="{X(start):.1f}" y1="{Yc(targets[k, i - 1]):.1f}" x2="{X(end):.1f}" y2="{Yc(targets[k, i - 1]):.1f}" '
                   f'stroke="{color}" stroke-dasharray="5,4" stroke-width="1"/>')
    svg.append(f'<text x="{L + 8}" y="{32 + 14 * c}" fill="{color}">y_{i}; dashed: its target y*_{i} for the segment</text>')
svg.append("</svg>")
open(out, "w").write("\n".join(svg) + "\n")

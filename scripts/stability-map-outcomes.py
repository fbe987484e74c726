#!/usr/bin/env python3
"""Tables of notebooks-md/stability-map.md §4 (what trajectories from the literature's starts
reach, and what the literature's Euler replay reports), from the sweeps that scripts/notebooks.sh
runs:

  RUNS/default/cells.csv            the default sweep (2048 cells, both default starts)
  RUNS/localized/cells.csv          its localized-input twin (z = ‖z‖ e₁)
  RUNS/replay-closed-form/cells.csv trial 0 with literature_replay (replayed from closed-form)
  RUNS/replay-first-order/cells.csv trial 0 with literature_replay, starts first-order first

usage: stability-map-outcomes.py RUNS TABLES
"""
import collections
import csv
import statistics
import sys

runs, tab = sys.argv[1], sys.argv[2]
OUTCOMES = ['branch', 'other-fixed-point', 'limit-cycle', 'diverging', 'undecided', 'not-simulated']


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(l for l in f if not l.startswith('#')))


def md(header, body):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(str(c).replace('|', '\\|') for c in r) + ' |' for r in body]
    return '\n'.join(out) + '\n'


def write(name, text):
    with open(f'{tab}/{name}', 'w') as f:
        f.write(text)


def g(x):
    return '%.3g' % x


def outcome_tables(sweep):
    """Outcome counts per start, and the fraction of draws diverging per (‖z‖, δ), of one sweep."""
    c = rows(f'{runs}/{sweep}/cells.csv')
    trials = sorted({r['trial'] for r in c}, key=int)
    body = []
    for column in ['from_closed_form', 'from_first_order']:
        counts = collections.Counter(r[column] for r in c)
        draws_diverging = len({r['trial'] for r in c if r[column] == 'diverging'})
        body.append([column] + [counts.get(o, 0) for o in OUTCOMES] + [f'{draws_diverging} of {len(trials)}'])
    write(f'{sweep}-outcomes.md', md(['start'] + OUTCOMES + ['draws of K with a diverging cell'], body))
    # Fraction of the draws diverging, ‖z‖ rows × δ columns, per start.
    ds = sorted({float(r['delta']) for r in c})
    zs = sorted({float(r['input_norm']) for r in c})
    for column, name in [('from_closed_form', 'closed-form'), ('from_first_order', 'first-order')]:
        groups = collections.defaultdict(list)
        for r in c:
            groups[float(r['delta']), float(r['input_norm'])].append(r[column])
        table = [[g(z)] + ['%.2f' % (groups[d, z].count('diverging') / len(groups[d, z])) for d in ds] for z in zs]
        write(f'{sweep}-diverging-{name}.md', md(['‖z‖ \\ δ'] + [g(d) for d in ds], table))
    return c


outcome_tables('localized')
c = outcome_tables('default')

# Cost: the sweep's `seconds` column and wall time.
secs = [float(r['seconds']) for r in c]
try:
    wall = open(f'{runs}/default.seconds').read().strip()
except OSError:
    wall = '—'
write('default-simulation-cost.md', md(['quantity', 'value'], [
    ['cells (16 draws × 8 ‖z‖ × 16 δ)', len(c)],
    ['sum of `seconds`, s', '%.0f' % sum(secs)],
    ['median / mean / max `seconds` per cell, s', '%.3f / %.3f / %.1f' % (statistics.median(secs), statistics.mean(secs), max(secs))],
    ['wall time of the sweep command, s', wall],
]))

# The literature's replay against ours, trial 0, from each start.
summary, listing = [], []
for tag, start in [('replay-closed-form', 'from_closed_form'), ('replay-first-order', 'from_first_order')]:
    try:
        rr = rows(f'{runs}/{tag}/cells.csv')
    except OSError:
        continue
    pairs = collections.Counter((r[start], r['literature_euler']) for r in rr)
    for (ours, theirs), n in sorted(pairs.items()):
        summary.append([start.replace('from_', ''), ours, theirs, n, 'yes' if ours != theirs else ''])
    for r in rr:
        if r[start] != r['literature_euler']:
            listing.append([start.replace('from_', ''), r['cell'], g(float(r['delta'])), g(float(r['input_norm'])),
                            '%.4f' % float(r['abscissa_times_tau']) if r['abscissa_times_tau'] else '—',
                            '%.0f' % float(r['leading_frequency_hz']) if r['leading_frequency_hz'] else '—',
                            r[start], r['literature_euler']])
write('replay-summary.md', md(['start', 'ours (error-controlled, certified)', 'literature (Euler replay)', 'cells', 'disagree'], summary))
write('replay-disagreements.md', md(['start', 'cell', 'δ', '‖z‖', 'branch α·τ', 'leading frequency, Hz', 'ours', 'literature'], listing))

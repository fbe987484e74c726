#!/usr/bin/env bash
# Per-start cost per cell of the default sweep's simulations (notebooks-md/benchmarks.md,
# "Simulating every cell from the literature's starts"): trial 0 of sweeps/default.json
# (128 cells), one worker, four ways — no simulation, closed-form start only, first-order start
# only, both (the default) — each under /usr/bin/time; prints a Markdown table of CPU seconds
# (user + sys) per cell and the difference to the no-simulation run.
# usage: scripts/start-costs.sh [OUTDIR]   (default /tmp/organics-start-costs)
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
ORG=.build/release/organics
OUT=${1:-/tmp/organics-start-costs}
mkdir -p "$OUT"
if [ "${START_COSTS_TABLE_ONLY:-0}" != 1 ]; then
  for spec in "none:--set simulate=none" 'closed:--set starts=["closed-form"]' 'first:--set starts=["first-order"]' "both:"; do
    name=${spec%%:*}; args=${spec#*:}
    rm -rf "$OUT/cost-$name"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S" -o "$OUT/cost-$name.time" "$ORG" sweep --config sweeps/default.json --trials 1 \
      --workers 1 --quiet --no-summaries $args --output "$OUT/cost-$name"
  done
fi
python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
def cpu(name):
    wall, user, system = map(float, open(f'{out}/cost-{name}.time').read().split())
    return wall, user + system
cells = 128
base = cpu('none')[1] / cells
print('| run (trial 0, 128 cells, 1 worker) | wall, s | CPU (user + sys), s | CPU per cell, s | simulation CPU per cell, s |')
print('|---|---|---|---|---|')
for name, label in [('none', 'branch + spectrum only (`simulate=none`)'), ('closed', 'closed-form start only'),
                    ('first', 'first-order start only'), ('both', 'both default starts (`make sweep`)')]:
    wall, total = cpu(name)
    extra = '—' if name == 'none' else '%.3f' % (total / cells - base)
    print(f'| {label} | {wall:.1f} | {total:.1f} | {total / cells:.3f} | {extra} |')
PY

#!/usr/bin/env bash
# `make notebooks`: regenerate every number, table and figure of notebooks-md/.
#
# Runs (into notebooks-md/runs/, git-ignored):
#   the default sweep (symmetric, n = 100, delocalized) and its localized twin,
#   a 12-cell "focus" sweep at ‖z‖ = 0.05, δ ∈ {0.8, 0.9, 1.0} with one emitted case
#   re-analysed by `organics spectrum` and `organics simulate`,
#   five other ensembles, four variant sweeps and two `scaled` sweeps (NOTEBOOKS_SKIP_ENSEMBLES=1),
#   the exact 2D map (`organics map2d`),
#   the benchmarks (Benchmarks/) and 1 vs 2 workers runs (skipped with NOTEBOOKS_SKIP_BENCH=1),
#   the spectra cells + finite-size sweeps (NOTEBOOKS_SKIP_SPECTRA=1) and the SciPy
#   baseline on the same cells (NOTEBOOKS_SKIP_SCIPY=1),
#   the README's plotting snippets (scripts/readme-plots.py).
# Then copies the SVGs to notebooks-md/figures/ and writes the Markdown/CSV tables of
# notebooks-md/tables/, which the notebooks embed verbatim.
# Any failing command stops the script with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1

ORG=.build/release/organics
NB=notebooks-md
RUNS=$NB/runs
FIG=$NB/figures
TAB=$NB/tables
mkdir -p "$RUNS" "$FIG" "$TAB"
[ -x "$ORG" ] || { echo "notebooks: $ORG missing; run 'make build' first" >&2; exit 1; }

# Paste each table into the notebooks between its markers
#   <!-- BEGIN tables/NAME --> … <!-- END tables/NAME -->
fill_notebooks() {
  python3 - "$NB" <<'PY'
import glob, re, sys
nb = sys.argv[1]
for path in sorted(glob.glob(f'{nb}/*.md')):
    text = open(path).read()
    def sub(m):
        name = m.group(1)
        body = open(f'{nb}/{name}').read()
        if not name.endswith('.md'):
            body = '```\n' + body + ('' if body.endswith('\n') else '\n') + '```\n'
        return f'<!-- BEGIN {name} -->\n{body}<!-- END {name} -->'
    new = re.sub(r'<!-- BEGIN (tables/[^ ]+) -->.*?<!-- END \1 -->', sub, text, flags=re.S)
    if new != text:
        open(path, 'w').write(new)
PY
}
if [ "${1:-}" = --fill-only ]; then fill_notebooks; exit 0; fi

# Python needs, checked before the long runs start: numpy for the spectra tables, scipy for the
# SciPy baseline (skippable), matplotlib and gnuplot only for the README snippets (reported as
# skipped in tables/readme-plots.md when absent).
need_python() { # need_python MODULE WHAT
  python3 -c "import $1" 2>/dev/null && return 0
  echo "notebooks: python3 module '$1' is missing ($2); install it with:  python3 -m pip install $1" >&2
  echo "  (or skip that part: see notebooks-md/README.md for the NOTEBOOKS_SKIP_* switches)" >&2
  exit 1
}
if [ "${NOTEBOOKS_SKIP_SPECTRA:-0}" != 1 ]; then
  need_python numpy "scripts/spectra.py"
  [ "${NOTEBOOKS_SKIP_SCIPY:-0}" = 1 ] || need_python scipy "the SciPy baseline, Benchmarks/scipy_baseline.py"
fi
python3 -c "import matplotlib" 2>/dev/null ||
  echo "notebooks: note: matplotlib missing; the README's python snippets will be reported as skipped" >&2
command -v gnuplot > /dev/null ||
  echo "notebooks: note: gnuplot missing; the README's gnuplot snippets will be reported as skipped" >&2

step() { echo "notebooks: $*" >&2; }
timed() { # timed NAME CMD...: run CMD, record its wall time in $RUNS/NAME.seconds
  local name=$1; shift
  local t0; t0=$(date +%s.%N)
  "$@"
  python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$t0" "$(date +%s.%N)" > "$RUNS/$name.seconds"
}

# Fresh runs, so that the recorded wall times are those of complete sweeps.
rm -rf "$RUNS/default" "$RUNS/localized" "$RUNS/focus" "$RUNS/map2d"

# 1. Stability map: default sweep and the localized-input sweep.
step "default sweep"
timed default "$ORG" sweep --config sweeps/default.json --output "$RUNS/default" --resume --quiet
step "localized sweep"
timed localized "$ORG" sweep --config sweeps/default.json --set input_kind=localized \
  --output "$RUNS/localized" --resume --quiet

# The cell closest to the edge at the smallest ‖z‖ (trial 0, ‖z‖ = 0.01, δ = 0.1): certificate and simulation.
"$ORG" sweep --config sweeps/default.json --emit-case 5 --case-output "$RUNS/default/case5.json"
"$ORG" spectrum "$RUNS/default/case5.json" --certificate --condition --format json > "$RUNS/default/case5-spectrum.json"
"$ORG" simulate "$RUNS/default/case5.json" --from random --seed 1 --json > "$RUNS/default/case5-simulate.json"

# One cell where explicit Euler misreads a stable focus: ‖z‖ = 0.05, δ ∈ {0.8, 0.9, 1.0}.
FOCUS=(--config sweeps/default.json
  --set 'input_norm={"min":0.05,"max":0.05,"count":1,"spacing":"linear"}'
  --set 'delta={"min":0.8,"max":1.0,"count":3,"spacing":"linear"}'
  --trials 4)
step "focus sweep"
"$ORG" sweep "${FOCUS[@]}" --output "$RUNS/focus" --resume --quiet
"$ORG" sweep "${FOCUS[@]}" --output "$RUNS/focus" --emit-case 7 --case-output "$RUNS/focus/case7.json"
"$ORG" spectrum "$RUNS/focus/case7.json" --format json > "$RUNS/focus/case7-spectrum.json"
"$ORG" simulate "$RUNS/focus/case7.json" --from random --seed 1 --json > "$RUNS/focus/case7-simulate.json"

# The literature's Euler replay beside ours on trial 0 (128 cells), from each default start.
step "literature replay (trial 0)"
rm -rf "$RUNS/replay-closed-form" "$RUNS/replay-first-order"
"$ORG" sweep --config sweeps/default.json --trials 1 --set literature_replay=true \
  --output "$RUNS/replay-closed-form" --resume --quiet
"$ORG" sweep --config sweeps/default.json --trials 1 --set literature_replay=true \
  --set 'starts=["first-order","closed-form"]' --output "$RUNS/replay-first-order" --resume --quiet

# Other ensembles (4 trials each; ≈ 10–15 min on 2 shared cores: the non-symmetric ones
# simulate many cells). NOTEBOOKS_SKIP_ENSEMBLES=1 skips them.
ENSEMBLES=(gaussian sparse sparse-symmetric orthogonal power-law)
if [ "${NOTEBOOKS_SKIP_ENSEMBLES:-0}" != 1 ]; then
  for e in "${ENSEMBLES[@]}"; do
    step "ensemble $e"
    rm -rf "$RUNS/ensemble-$e"
    timed "ensemble-$e" "$ORG" sweep --config sweeps/default.json --set ensemble="$e" --trials 4 --set simulate=unstable \
      --output "$RUNS/ensemble-$e" --resume --quiet
  done
fi

# Rectified variants (4 trials each, ≈ 50 s together): the default grid with variant
# paper / rectified / rectified-recurrence, and rectified with random input directions
# (about half the drives b z_i < 0: kinks). Also NOTEBOOKS_SKIP_ENSEMBLES=1 skips them.
VARIANT_RUNS=("variant-paper:variant=paper" "variant-rectified:variant=rectified"
  "variant-rectified-recurrence:variant=rectified-recurrence"
  "variant-rectified-random:variant=rectified input_kind=random")
# Recurrence without the identity, W_r = δ K/ρ(K) (`recurrence: scaled`): the spectral radius of
# W_r is δ itself, swept through 1 (linear δ grid 0.25 … 2.5), symmetric and gaussian K.
SCALED=(--set recurrence=scaled --set 'delta={"min":0.25,"max":2.5,"count":10,"spacing":"linear"}' --set trials=4)
if [ "${NOTEBOOKS_SKIP_ENSEMBLES:-0}" != 1 ]; then
  for v in "${VARIANT_RUNS[@]}"; do
    name=${v%%:*}; sets=()
    for kv in ${v#*:}; do sets+=(--set "$kv"); done
    step "variant sweep $name"
    rm -rf "$RUNS/$name"
    timed "$name" "$ORG" sweep --config sweeps/default.json "${sets[@]}" --set trials=4 --set simulate=unstable \
      --output "$RUNS/$name" --resume --quiet
  done
  for e in symmetric gaussian; do
    step "scaled sweep $e"
    rm -rf "$RUNS/scaled-$e"
    timed "scaled-$e" "$ORG" sweep --config sweeps/default.json "${SCALED[@]}" --set ensemble=$e --set simulate=unstable \
      --output "$RUNS/scaled-$e" --resume --quiet
  done
fi

# 2. The exact two-dimensional map.
step "map2d"
mkdir -p "$RUNS/map2d"
timed map2d "$ORG" map2d --x wr:0:3:61 --y z:-1:1:61 \
  --out "$RUNS/map2d/map2d.csv" --svg "$RUNS/map2d/map2d.svg"
"$ORG" map2d --x wr:0:3:61 --y z:-1:1:61 --variant rectified \
  --out "$RUNS/map2d/map2d-rectified.csv" --svg "$RUNS/map2d/map2d-rectified.svg"

# 3. Benchmarks.
if [ "${NOTEBOOKS_SKIP_BENCH:-0}" != 1 ]; then
  step "benchmarks (build + run)"
  (cd Benchmarks && swift build -c release >&2)
  {
    echo "OPENBLAS environment: $(env | grep '^OPENBLAS' | sort | tr '\n' ' ')"
    echo "uptime before: $(uptime)"
  } > "$RUNS/bench-env.txt"
  timed bench bash -c "cd Benchmarks && .build/release/organics-bench lapack jacobian newton stability dynamics sweep-stages > ../$RUNS/bench.md"
  echo "uptime after: $(uptime)" >> "$RUNS/bench-env.txt"
  cp "$RUNS/bench.md" "$TAB/benchmarks.md"
  cp "$RUNS/bench-env.txt" "$TAB/benchmarks-env.txt"
  # Scaling with workers: the same sweeps with --workers 1 and 2 (≈ 1 min together);
  # the rows must agree except `seconds` (checked by the tables step below).
  step "workers scaling"
  for run in "n100:--set n=100 --set trials=4 --set simulate=unstable" "n200:--set n=200 --set trials=2 --set simulate=unstable"; do
    name=${run%%:*}
    for w in 1 2; do
      rm -rf "$RUNS/workers/$name-w$w"; mkdir -p "$RUNS/workers"
      # shellcheck disable=SC2086
      timed "workers/$name-w$w" "$ORG" sweep --config sweeps/default.json ${run#*:} --workers $w \
        --output "$RUNS/workers/$name-w$w" --quiet
    done
  done
  echo "uptime after workers: $(uptime)" >> "$RUNS/bench-env.txt"
  cp "$RUNS/bench-env.txt" "$TAB/benchmarks-env.txt"
fi

# 4. Spectra (notebooks-md/spectra.md): six emitted cells (trial 0, ‖z‖ = 0.01, δ indices
# 0 3 5 8 10 15 of the default config; cell = (trial·8 + z)·16 + d) and four small finite-size
# sweeps (n = 25, 50, 100, 200; 4 trials, 6 δ; ≈ 20 s together). NOTEBOOKS_SKIP_SPECTRA=1 skips.
SPECTRA_CELLS=(0 3 5 8 10 15)
if [ "${NOTEBOOKS_SKIP_SPECTRA:-0}" != 1 ]; then
  step "spectra"
  SP=$RUNS/spectra
  rm -rf "$SP"; mkdir -p "$SP"
  for d in "${SPECTRA_CELLS[@]}"; do
    "$ORG" sweep --config sweeps/default.json --emit-case "$d" --case-output "$SP/cell$d.json"
    "$ORG" spectrum "$SP/cell$d.json" --format csv > "$SP/cell$d-spectrum.csv"
    "$ORG" solve "$SP/cell$d.json" --json > "$SP/cell$d-solve.json"
  done
  for n in 25 50 100 200; do
    timed "spectra/n$n" "$ORG" sweep --config sweeps/default.json --set n=$n --set trials=4 \
      --set delta.count=6 --set simulate=unstable --output "$SP/n$n" --quiet
  done
  # the n = 25 draw whose branch is unstable (trial 2, ‖z‖ = 0.01, δ indices 1…5 of 6: cells 97…101)
  for c in 97 98 99; do
    "$ORG" sweep --config sweeps/default.json --set n=25 --set trials=4 --set delta.count=6 \
      --emit-case $c --case-output "$SP/n25-cell$c.json"
    "$ORG" solve "$SP/n25-cell$c.json" --json > "$SP/n25-cell$c-solve.json"
  done
  python3 scripts/spectra.py "$SP" "$TAB" "$FIG"
  # 5. SciPy baseline on the same six cells (≈ 20 s; numpy + scipy needed).
  # NOTEBOOKS_SKIP_SCIPY=1 skips it.
  if [ "${NOTEBOOKS_SKIP_SCIPY:-0}" != 1 ]; then
    step "scipy comparison"
    python3 scripts/scipy_compare.py "$ORG" "$SP" "$TAB" "${SPECTRA_CELLS[@]}"
  fi
fi

# Figures.
cp "$RUNS/default/map.svg" "$FIG/map-delocalized.svg"
cp "$RUNS/replay-first-order/map.svg" "$FIG/map-replay-first-order.svg"
cp "$RUNS/default/spectrum.svg" "$FIG/spectrum-delocalized.svg"
cp "$RUNS/localized/map.svg" "$FIG/map-localized.svg"
cp "$RUNS/map2d/map2d.svg" "$FIG/map2d.svg"
cp "$RUNS/map2d/map2d-rectified.svg" "$FIG/map2d-rectified.svg"
for e in "${ENSEMBLES[@]}"; do
  if [ -f "$RUNS/ensemble-$e/map.svg" ]; then cp "$RUNS/ensemble-$e/map.svg" "$FIG/map-ensemble-$e.svg"; fi
done
for name in variant-rectified variant-rectified-recurrence variant-rectified-random scaled-symmetric scaled-gaussian; do
  if [ -f "$RUNS/$name/map.svg" ]; then cp "$RUNS/$name/map.svg" "$FIG/map-$name.svg"; fi
done

# Tables.
step "tables"
python3 - "$RUNS" "$TAB" <<'PY'
import csv, json, math, statistics, sys, collections
runs, tab = sys.argv[1], sys.argv[2]

def rows(path):
    with open(path) as f:
        return list(csv.DictReader(l for l in f if not l.startswith('#')))

def g(x):
    return '%.3g' % x

def md(header, body):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(str(c).replace('|', '\\|') for c in r) + ' |' for r in body]
    return '\n'.join(out) + '\n'

def write(name, text):
    with open(f'{tab}/{name}', 'w') as f:
        f.write(text)

def sweep_tables(tag):
    m = rows(f'{runs}/{tag}/map.csv')
    b = rows(f'{runs}/{tag}/boundary.csv')
    c = rows(f'{runs}/{tag}/cells.csv')
    ds = sorted({float(r['delta']) for r in m})
    zs = sorted({float(r['input_norm']) for r in m})
    key = {(float(r['delta']), float(r['input_norm'])): r for r in m}
    # fraction stable, ‖z‖ rows × δ columns
    body = [[g(z)] + ['%.2f' % float(key[d, z]['fraction_stable']) for d in ds] for z in zs]
    write(f'{tag}-fraction-stable.md', md(['‖z‖ \\ δ'] + [g(d) for d in ds], body))
    # median / max abscissa·τ
    body = [[g(z)] + ['%.3f' % float(key[d, z]['median_abscissa_times_tau']) if key[d, z]['median_abscissa_times_tau'] else '' for d in ds] for z in zs]
    write(f'{tag}-median-abscissa.md', md(['‖z‖ \\ δ'] + [g(d) for d in ds], body))
    # boundary summary per ‖z‖
    body = []
    for z in zs:
        rs = [r for r in b if float(r['input_norm']) == z]
        st = [float(r['delta_star']) for r in rs if r['delta_star']]
        fo = [float(r['fold_delta']) for r in rs if r['fold_delta']]
        cz = [r for r in c if float(r['input_norm']) == z and r['abscissa_times_tau']]
        mx = max(float(r['abscissa_times_tau']) for r in cz)
        body.append([g(z), len(rs), len(st), g(statistics.median(st)) if st else '—',
                     len(fo), g(statistics.median(fo)) if fo else '—', '%.4f' % mx,
                     g(float(rs[0]['analytic_delta_star'])) if rs[0]['analytic_delta_star'] else '—',
                     g(float(rs[0]['analytic_delta_c'])) if rs[0]['analytic_delta_c'] else '—'])
    write(f'{tag}-boundary.md', md(['‖z‖', 'trials', 'trials with δ*', 'median δ*', 'trials folded',
                                     'median fold δ', 'max abscissa·τ on branch', 'Δ*', 'Δ_c'], body))
    # map.csv excerpt: largest ‖z‖ (where something happens) and smallest
    cols = ['delta', 'input_norm', 'trials', 'fraction_branch_converged', 'fraction_stable',
            'fraction_attractor_diverging', 'fraction_attractor_limit_cycle', 'median_abscissa_times_tau']
    ex = [r for r in m if float(r['input_norm']) == zs[-1] and float(r['delta']) >= ds[-6]]
    write(f'{tag}-map-excerpt.md', md(cols, [[r[k] for k in cols] for r in ex]))
    # counts
    cnt = lambda k: ', '.join(f'{v or "(empty)"}: {n}' for v, n in collections.Counter(r[k] for r in c).most_common())
    secs = [float(r['seconds']) for r in c]
    wall = open(f'{runs}/{tag}.seconds').read().strip()
    write(f'{tag}-counts.md', md(['quantity', 'value'], [
        ['cells', len(c)],
        ['branch_status', cnt('branch_status')],
        ['verdict', cnt('verdict')],
        ['attractor', cnt('attractor')],
        ['sum of `seconds` (cell CPU-thread time), s', '%.1f' % sum(secs)],
        ['mean `seconds` per cell, s', '%.4f' % statistics.mean(secs)],
        ['max `seconds` per cell, s', '%.3f' % max(secs)],
        ['cells / s per worker (cells / sum of seconds)', '%.1f' % (len(c) / sum(secs))],
        ['wall time of the sweep command, s', wall],
        ['cells / s wall', '%.1f' % (len(c) / float(wall))],
    ]))

sweep_tables('default')

# The near-critical linear law λτ ≈ −s₀ + (1 − s₀) λ_max(δK) against the computed abscissa, trial 0.
# λ_max(δK) = ρ(W_r) − 1 (column spectral_radius_wr) while 1 + δλ_max(K) ≥ |1 + δλ_min(K)|.
c = rows(f'{runs}/default/cells.csv')
body = []
for r in c:
    if r['trial'] == '0' and r['input_norm_index'] in ('0', '4') and float(r['delta']) < 1:
        z, d = float(r['input_norm']), float(r['delta'])
        s0 = math.sqrt(0.1 ** 2 + z * z)
        lm = float(r['spectral_radius_wr']) - 1
        body.append([g(z), g(d), '%.4f' % (lm / d), '%+.5f' % (-s0 + (1 - s0) * lm),
                     '%+.5f' % float(r['abscissa_times_tau']), '%.3f' % float(r['first_order_error'])])
write('linear-law.md', md(['‖z‖', 'δ', 'λ_max(K) = (ρ(W_r) − 1)/δ', 'linear law λτ', 'computed abscissa·τ',
                           'first_order_error'], body))
sweep_tables('localized')

# Focus cells and the Euler shift.
f = rows(f'{runs}/focus/cells.csv')
cols = ['cell', 'trial', 'delta', 'input_norm', 'branch_status', 'abscissa_times_tau', 'leading_frequency_hz', 'verdict', 'attractor']
write('focus-cells.md', md(cols, [[r[k] for k in cols] for r in f]))
sp = json.load(open(f'{runs}/focus/case7-spectrum.json'))
si = json.load(open(f'{runs}/focus/case7-simulate.json'))
tau = 0.002
re, im = max(sp['eigenvalues'], key=lambda e: (e[0], e[1]))
lt, wt = re * tau, abs(im) * tau
h = 0.05  # Euler step in units of τ
shift = wt * wt * h / 2
euler = math.log(math.hypot(1 + lt * h, wt * h)) / h
write('focus-euler.md', md(['quantity', 'value'], [
    ['leading λτ (organics spectrum)', f'{lt:.5f} ± {wt:.5f}i'],
    ['verdict (organics spectrum)', sp['verdict']],
    ['ω²dt/2 at dt = 0.05τ, in 1/τ', f'{shift:.5f}'],
    ['Re λτ + ω²dt/2', f'{lt + shift:+.5f}'],
    ['exact Euler growth rate ln|1 + λdt|/dt, in 1/τ', f'{euler:+.5f}'],
    ['organics simulate --from random --seed 1: kind', si['kind']],
    ['… reason', si['reason']],
    ['… settled at t, s', f"{si['final_time_s']:.3f}"],
    ['… steps / rejected / f-evaluations', f"{si['steps']} / {si['rejected_steps']} / {si['function_evaluations']}"],
]))

for name, case, cfg in [('case5', 'default/case5', 'default'), ('case7', 'focus/case7', 'focus')]:
    sp = json.load(open(f'{runs}/{case}-spectrum.json'))
    si = json.load(open(f'{runs}/{case}-simulate.json'))
    cj = json.load(open(f'{runs}/{case}.json'))
    z = cj['z']; sig = cj['sigma'] if isinstance(cj['sigma'], (int, float)) else cj['sigma'][0]
    s0 = math.sqrt(sig ** 2 + sum(v * v for v in z))
    body = [['case', cj.get('name', '')],
            ['abscissa·τ', '%.5f' % sp['abscissa_times_tau']],
            ['leading frequency, Hz', '%.2f' % sp['leading_frequency_hz']],
            ['verdict (band ±, 1/s)', '%s (±%.2g)' % (sp['verdict'], sp['undecided_bound'])],
            ['Lyapunov certificate', sp.get('certificate', 'not computed')],
            ['s₀ = √(σ² + ‖z‖²) (δ = 0)', '%.4f' % s0],
            ['s = √a₁ at the branch fixed point', '%.4f' % math.sqrt(sp['a'][0])],
            ['simulate --from random --seed 1', '%s at t = %.2f s' % (si['kind'], si['final_time_s'])]]
    write(f'{name}-check.md', md(['quantity', 'value'], body))

# map2d counts.
r = rows(f'{runs}/map2d/map2d.csv')
cl = collections.Counter(x['classes'] for x in r)
write('map2d-classes.md', md(['classes (sorted by y)', 'grid points'], [[k, v] for k, v in cl.most_common()]))
def region(pred):
    s = [x for x in r if pred(float(x['wr_decimal']))]
    return [len(s), sum('saddle' in x['classes'] for x in s),
            sum(x['fixed_points'] == '1' for x in s), sum(x['stable'] == '2' for x in s),
            sum(x['non_isolated'] == 'true' for x in s)]
body = [['w_r ≤ 1'] + region(lambda w: w <= 1), ['w_r > 1'] + region(lambda w: w > 1)]
write('map2d-regions.md', md(['region', 'grid points', 'with a saddle', 'one fixed point', 'two stable fixed points', 'non-isolated'], body))
# per w_r > 1: the |z| range with a saddle
body = []
for w in sorted({x['wr'] for x in r if float(x['wr_decimal']) > 1}, key=lambda s: [x['wr_decimal'] for x in r if x['wr'] == s][0]):
    s = [x for x in r if x['wr'] == w]
    wd = float(s[0]['wr_decimal'])
    if round(wd * 20) % 4 and wd > 1.2:
        continue
    sad = [abs(float(x['z_decimal'])) for x in s if 'saddle' in x['classes']]
    body.append([w, '%.3f' % wd, len(sad), '%.3f' % max(sad) if sad else '—', '%.3f' % (1 - 1 / wd)])
write('map2d-saddle-range.md', md(['w_r', 'w_r (decimal)', 'z points with a saddle (of 61)', 'largest |z| with a saddle', 's₀ = 1 − 1/w_r'], body))
two = [x for x in r if x['stable'] == '2']
nz = [x for x in two if float(x['z_decimal']) != 0]
write('map2d-bistable.md', md(['two stable fixed points', 'value'], [
    ['grid points', len(two)],
    ['… at z = 0', len(two) - len(nz)],
    ['… at z ≠ 0', len(nz)],
    ['w_r range at z ≠ 0', ('%.2f … %.2f' % (min(float(x['wr_decimal']) for x in nz), max(float(x['wr_decimal']) for x in nz))) if nz else '—'],
    ['largest |z| at z ≠ 0', '%.4f' % max((abs(float(x['z_decimal'])) for x in nz), default=0)],
]))
# Ensembles.
import os
body = []
for e in ['symmetric (default, 16 trials)', 'gaussian', 'sparse', 'sparse-symmetric', 'orthogonal', 'power-law']:
    d = f'{runs}/default' if e.startswith('symmetric') else f'{runs}/ensemble-{e}'
    if not os.path.exists(f'{d}/cells.csv'):
        continue
    c = rows(f'{d}/cells.csv')
    n = collections.Counter
    br, ve, at = n(r['branch_status'] for r in c), n(r['verdict'] for r in c), n(r['attractor'] for r in c)
    units = {(r['trial'], r['input_norm_index']): r['boundary_delta'] for r in c}
    small = [float(r['boundary_delta']) for r in c if r['input_norm_index'] == '0' and r['delta_index'] == '0' and r['boundary_delta']]
    secs = sum(float(r['seconds']) for r in c)
    body.append([e, len(c), br['converged'], br['folded'] + br['lost'], ve['stable'], ve['unstable'],
                 sum(1 for v in units.values() if v), len(units),
                 ', '.join(g(x) for x in small) or '—',
                 at['limit-cycle'], at['fixed-point'], at['diverging'], at['undecided'], '%.0f' % secs])
write('ensembles.md', md(['ensemble', 'cells', 'branch converged', 'folded/lost', 'stable', 'unstable',
                          'units with δ*', 'units', 'δ* at ‖z‖ = 0.01 (per trial)',
                          'limit cycle', 'other fixed point', 'diverging', 'undecided', 'Σ seconds'], body))
if os.path.exists(f'{runs}/map2d/map2d-rectified.csv'):
    r2 = rows(f'{runs}/map2d/map2d-rectified.csv')
    write('map2d-rectified-classes.md', md(['classes (rectified, sorted by y)', 'grid points'],
          [[k, v] for k, v in collections.Counter(x['classes'] for x in r2).most_common()]))
# Variants and scaled recurrence: per-run counts from cells.csv.
def run_counts(label, d):
    c = rows(f'{d}/cells.csv')
    n = collections.Counter
    br, ve = n(r['branch_status'] for r in c), n(r['verdict'] for r in c)
    after = n(r['attractor'] for r in c if r['branch_status'] != 'converged')
    units = {}
    for r in c:
        units.setdefault((r['trial'], r['input_norm_index']), (r['fold_delta'], r['boundary_delta']))
    folds = sorted(float(f) for f, _ in units.values() if f)
    stars = sorted(float(b) for _, b in units.values() if b)
    secs = sum(float(r['seconds']) for r in c)
    return [label, len(c), br['converged'], len(c) - br['converged'], ve['stable'], ve['unstable'], ve['undecided'],
            f'{len(folds)} of {len(units)}', ', '.join(g(x) for x in folds) or '—',
            ', '.join(f'{k}: {v}' for k, v in after.most_common()) or '—',
            f'{len(stars)} ({", ".join(g(x) for x in stars)})' if stars else '0', '%.0f' % secs]

header = ['run', 'cells', 'branch converged', 'not converged (folded/lost)', 'stable', 'unstable', 'undecided',
          'units with a fold', 'fold δ', 'attractor where the branch is not converged', 'units with δ*', 'Σ seconds']
body = [run_counts(label, f'{runs}/{name}') for label, name in [
    ('paper', 'variant-paper'), ('rectified', 'variant-rectified'),
    ('rectified-recurrence', 'variant-rectified-recurrence'), ('rectified, random input', 'variant-rectified-random')]
    if os.path.exists(f'{runs}/{name}/cells.csv')]
if body:
    write('variants.md', md(header, body))
body = [run_counts(label, f'{runs}/{name}') for label, name in [
    ('scaled, symmetric', 'scaled-symmetric'), ('scaled, gaussian', 'scaled-gaussian')]
    if os.path.exists(f'{runs}/{name}/cells.csv')]
if body:
    write('scaled.md', md(header, body))
    for name in ['scaled-symmetric', 'scaled-gaussian']:
        m = rows(f'{runs}/{name}/map.csv')
        ds = sorted({float(r['delta']) for r in m}); zs = sorted({float(r['input_norm']) for r in m})
        key = {(float(r['delta']), float(r['input_norm'])): r for r in m}
        write(f'{name}-fraction-stable.md', md(['‖z‖ \\ ρ(W_r) = δ'] + [g(d) for d in ds],
              [[g(z)] + ['%.2f' % float(key[d, z]['fraction_stable']) for d in ds] for z in zs]))

# Scaling with workers: wall time, and the rows of 1 and 2 workers must agree except `seconds`.
if os.path.exists(f'{runs}/workers'):
    def table_without_seconds(d):
        c = rows(f'{d}/cells.csv')
        return sorted(tuple(v for k, v in r.items() if k != 'seconds') for r in c)
    body = []
    for name, label in [('n100', 'default grid, n = 100, 4 trials'), ('n200', 'default grid, n = 200, 2 trials')]:
        w1 = float(open(f'{runs}/workers/{name}-w1.seconds').read())
        same = table_without_seconds(f'{runs}/workers/{name}-w1') == table_without_seconds(f'{runs}/workers/{name}-w2')
        if not same:
            sys.exit(f'notebooks: workers 1 and 2 disagree on {name}')
        for w in (1, 2):
            d = f'{runs}/workers/{name}-w{w}'
            c = rows(f'{d}/cells.csv')
            busy = sum(float(r['seconds']) for r in c)
            wall = float(open(f'{d}.seconds').read())
            body.append([label, w, len(c), '%.1f' % wall, '%.1f' % (len(c) / wall), '%.2f' % (w1 / wall),
                         '%.1f' % busy, '%.1f' % (wall - busy / w), 'identical to 1 worker' if w == 2 else '—'])
    write('workers.md', md(['sweep', 'workers', 'cells', 'wall, s', 'cells / s', 'speed-up over 1 worker',
                            'Σ `seconds` (cell time on the workers), s', 'wall − Σ/workers, s',
                            'rows (except `seconds`)'], body))
print(f'map2d wall: {open(f"{runs}/map2d.seconds").read().strip()} s', file=sys.stderr)
PY
# The README's plotting snippets, run as printed on the default sweep and a trajectory.
step "README plotting snippets"
"$ORG" simulate examples/three-neurons.json --from random --seed 7 --t-end 0.1 --out "$RUNS/readme-trajectory.csv" > /dev/null
python3 scripts/readme-plots.py "$RUNS/default" "$RUNS/readme-trajectory.csv" "$FIG" > "$TAB/readme-plots.md"
python3 scripts/stability-map-outcomes.py "$RUNS" "$TAB"
cp "$RUNS/default/boundary.csv" "$TAB/default-boundary.csv"
cp "$RUNS/default/map.csv" "$TAB/default-map.csv"
# The README's console outputs, regenerated by running each command (the README test checks them).
step "README console outputs"
python3 scripts/readme-console.py
# Finite-size scaling (notebooks-md/finite-size.md): its own script, also runnable alone.
step "finite-size notebook"
bash scripts/finite-size-notebook.sh
# The NumPy route (notebooks-md/numpy.md): its own script, also runnable alone.
step "NumPy arrays notebook"
bash scripts/notebook-numpy.sh
fill_notebooks
step "done"

#!/usr/bin/env bash
# notebooks-md/numpy.md: the NumPy route end to end on examples/numpy/ (part of `make notebooks`;
# alone: `make build && bash scripts/notebook-numpy.sh`). NOTEBOOKS_SKIP_BENCH=1 skips the
# m = 1000, n = 120 benchmark (≈ 1 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
ORG=.build/release/organics
NB=notebooks-md
RUNS=$NB/runs/numpy
TAB=$NB/tables
FIG=$NB/figures
EX=examples/numpy
mkdir -p "$RUNS" "$TAB" "$FIG"
[ -x "$ORG" ] || { echo "notebook-numpy: $ORG missing; run 'make build' first" >&2; exit 1; }

# 1. The layer and its inputs (checked in; regenerating them must give the same arrays, to
#    1e-13 relative: another NumPy build may round exp() differently in the last bit).
python3 $EX/make_layer.py --out "$RUNS/regenerated"
cmp -s "$RUNS/regenerated/layer.json" "$EX/layer.json" || { echo "notebook-numpy: $EX/layer.json differs" >&2; exit 1; }
python3 - "$RUNS/regenerated" "$EX" <<'PY' || { echo "notebook-numpy: examples/numpy differs from make_layer.py's output" >&2; exit 1; }
import sys, numpy as np
new, old = sys.argv[1], sys.argv[2]
same = lambda a, b: a.shape == b.shape and np.allclose(a, b, rtol=1e-13, atol=0)
a, b = np.load(f"{new}/layer.npz"), np.load(f"{old}/layer.npz")
ok = all(same(a[k], b[k]) for k in ("W_r", "W", "b0"))
ok &= all(same(np.load(f"{new}/{f}"), np.load(f"{old}/{f}")) for f in ("inputs.npy", "inputs_first.npy"))
ok &= same(np.loadtxt(f"{new}/schedule.csv", delimiter=",", skiprows=1), np.loadtxt(f"{old}/schedule.csv", delimiter=",", skiprows=1))
sys.exit(0 if ok else 1)
PY

# 2. validate: what was read.
"$ORG" validate $EX/layer.json > "$TAB/numpy-validate.txt"

# 3. One circuit, 200 inputs.
"$ORG" solve $EX/layer.json --inputs $EX/inputs.npy --out "$RUNS/rows.csv" --npy-dir "$RUNS" > "$TAB/numpy-solve-summary.txt" 2> /dev/null
head -6 "$RUNS/rows.csv" > "$TAB/numpy-rows-head.csv"
python3 scripts/numpy-crosscheck.py $EX/layer.npz $EX/inputs.npy "$RUNS" "$RUNS/rows.csv" > "$TAB/numpy-crosscheck.md"

# 3b. Where does the flow go? Every input simulated from its branch point perturbed (seeded).
"$ORG" solve $EX/layer.json --inputs $EX/inputs.npy --simulate random --seed 5 --out "$RUNS/rows-simulated.csv" > /dev/null 2>&1
python3 - "$RUNS/rows-simulated.csv" > "$TAB/numpy-simulated.md" <<'PY'
import collections, csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
counts = collections.Counter((r["branch"], r["verdict"], r["sim_kind"], r["sim_verdict"]) for r in rows)
print("| branch | verdict at the branch point | simulated: attractor | its verdict | inputs |")
print("| --- | --- | --- | --- | --- |")
for key, count in sorted(counts.items(), key=lambda item: -item[1]):
    print("| " + " | ".join(key) + f" | {count} |")
PY

# 4. Step input: trajectory, per-segment summary, targets from solve --inputs on the breakpoints.
"$ORG" simulate $EX/layer.json --input-schedule $EX/schedule.csv --out "$RUNS/trajectory.csv" > "$TAB/numpy-schedule.txt"
tail -n +2 $EX/schedule.csv | cut -d, -f2- > "$RUNS/schedule-inputs.csv"
"$ORG" solve $EX/layer.json --inputs "$RUNS/schedule-inputs.csv" --npy-dir "$RUNS" > /dev/null 2>&1
python3 scripts/numpy-trajectory-svg.py "$RUNS/trajectory.csv" $EX/schedule.csv "$RUNS/schedule-inputs.y.npy" "$FIG/numpy-step-trajectory.svg" 4 8 12

# 5. Benchmark: m = 1000 inputs at n = 120, W dense nonnegative (same generator, seed 17).
if [ "${NOTEBOOKS_SKIP_BENCH:-0}" != 1 ]; then
  python3 $EX/make_layer.py --n 120 --m 1000 --out "$RUNS/bench"
  for w in 1 2; do
    cut -d' ' -f1 /proc/loadavg > "$RUNS/bench/w$w.load"
    /usr/bin/time -f "%e %U %S" -o "$RUNS/bench/w$w.time" \
      "$ORG" solve "$RUNS/bench/layer.json" --inputs "$RUNS/bench/inputs.npy" --workers $w --out "$RUNS/bench/rows-w$w.csv" > "$RUNS/bench/summary-w$w.txt" 2> /dev/null
  done
  cmp -s "$RUNS/bench/rows-w1.csv" "$RUNS/bench/rows-w2.csv" || { echo "notebook-numpy: 1 and 2 workers disagree" >&2; exit 1; }
  {
    echo "| workers | inputs m | n | wall, s | inputs / s (wall) | CPU (user + sys), s | CPU ms per input | 1-min load average at the start |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for w in 1 2; do
      python3 -c "import sys; w = sys.argv[1]; e, u, s = map(float, open(sys.argv[2]).read().split()[-3:]); print(f'| {w} | 1000 | 120 | {e:.1f} | {1000 / e:.1f} | {u + s:.1f} | {u + s:.1f} | {sys.argv[3]} |')" \
        "$w" "$RUNS/bench/w$w.time" "$(cat "$RUNS/bench/w$w.load")"
    done
    echo
    echo "Summary line (2 workers): $(cat "$RUNS/bench/summary-w2.txt" | head -1 | sed "s|$RUNS/bench/||")"
    echo "Rows of 1 and 2 workers: identical (cmp)."
  } > "$TAB/numpy-bench.md"
fi
bash scripts/notebooks.sh --fill-only

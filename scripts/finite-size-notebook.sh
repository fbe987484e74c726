#!/usr/bin/env bash
# The finite-size notebook (notebooks-md/finite-size.md): run by scripts/notebooks.sh, or alone
# after `make build`. Runs sweeps/finite-size.json, then `organics scaling`, copies the figure
# and writes the tables the notebook embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
ORG=.build/release/organics
NB=notebooks-md
mkdir -p "$NB/runs" "$NB/figures" "$NB/tables"
rm -rf "$NB/runs/finite-size"
start=$(date +%s)
"$ORG" sweep --config sweeps/finite-size.json --output "$NB/runs/finite-size" --quiet
echo "$(( $(date +%s) - start ))" > "$NB/runs/finite-size.seconds"
"$ORG" scaling "$NB/runs/finite-size" 2> "$NB/runs/finite-size-scaling.log"
cp "$NB/runs/finite-size/scaling.svg" "$NB/figures/finite-size-scaling.svg"
python3 - "$NB" <<'PY'
import csv, sys
nb = sys.argv[1]
run = f"{nb}/runs/finite-size"
# The literature's extrapolated means (docs/literature-sweeps.md), where its Δ is on our grid.
literature = {0.02: -0.075, 0.05: -0.037, 0.06: -0.0245, 0.07: -0.0125, 0.08: -0.0015}
fits = list(csv.DictReader(open(f"{run}/scaling-fits.csv")))
def g(x, digits=4):
    return "" if x == "" else f"{float(x):.{digits}g}"
lines = ["| δ | μ∞ ± SE | μ∞ bootstrap 95 % | α ± SE | linear law −s + (1 − s)√2 δ | literature μ∞ | σ∞ | β ± SE |",
         "| --- | --- | --- | --- | --- | --- | --- | --- |"]
by_delta = {}
for row in fits:
    by_delta.setdefault(row["delta"], {})[row["moment"]] = row
for delta in sorted(by_delta, key=float):
    mean, std = by_delta[delta]["mean"], by_delta[delta]["std"]
    lit = literature.get(round(float(delta), 6), "")
    bound = " (α at bound)" if mean["exponent_at_bound"] == "true" else ""
    lines.append(f"| {g(delta)} | {g(mean['limit'])} ± {g(mean['se_limit'], 2)} | [{g(mean['limit_lower'])}, {g(mean['limit_upper'])}] "
                 f"| {g(mean['exponent'], 3)} ± {g(mean['se_exponent'], 2)}{bound} | {g(mean['linear_law_limit'])} | {lit} "
                 f"| {g(std['limit'], 3)} | {g(std['exponent'], 3)} ± {g(std['se_exponent'], 2)} |")
open(f"{nb}/tables/finite-size-fits.md", "w").write("\n".join(lines) + "\n")
stats = list(csv.DictReader(open(f"{run}/scaling.csv")))
lines = ["| δ | n | cells | mean α·τ | std α·τ | median | q05 | q95 |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for row in stats:
    lines.append(f"| {g(row['delta'])} | {row['n']} | {row['cells']} | {g(row['mean_abscissa_times_tau'], 5)} "
                 f"| {g(row['std_abscissa_times_tau'], 3)} | {g(row['median'], 5)} | {g(row['q05'], 5)} | {g(row['q95'], 5)} |")
open(f"{nb}/tables/finite-size-statistics.md", "w").write("\n".join(lines) + "\n")
outcomes = list(csv.DictReader(open(f"{run}/scaling-outcomes.csv")))
names = [k for k in outcomes[0] if k.startswith("fraction_")]
lines = ["| δ | n | cells | " + " | ".join(k[len("fraction_"):] for k in names) + " |", "|" + " --- |" * (3 + len(names))]
for row in outcomes:
    lines.append(f"| {g(row['delta'])} | {row['n']} | {row['cells']} | " + " | ".join(g(row[k], 3) for k in names) + " |")
open(f"{nb}/tables/finite-size-outcomes.md", "w").write("\n".join(lines) + "\n")
seconds = open(f"{nb}/runs/finite-size.seconds").read().strip()
cells = list(csv.reader(l for l in open(f"{run}/cells.csv") if not l.startswith("#")))
header, body = cells[0], cells[1:]
ni, si = header.index("n"), header.index("seconds")
per = {}
for r in body:
    per.setdefault(int(r[ni]), []).append(float(r[si]))
lines = ["| n | cells | mean seconds per cell | max |", "| --- | --- | --- | --- |"]
for n in sorted(per):
    lines.append(f"| {n} | {len(per[n])} | {sum(per[n]) / len(per[n]):.3g} | {max(per[n]):.3g} |")
lines.append(f"\nWhole sweep: {seconds} s wall on this machine (2 workers, OPENBLAS_NUM_THREADS=1).")
open(f"{nb}/tables/finite-size-cost.md", "w").write("\n".join(lines) + "\n")
PY
echo "finite-size notebook tables written"

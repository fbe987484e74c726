#!/usr/bin/env python3
"""Run the plotting snippets of README.md ("Plotting the CSV") exactly as printed there.

    python3 scripts/readme-plots.py SWEEP_DIR TRAJECTORY_CSV OUT_DIR

The README's snippets read `results/default/…` and `traj.csv`; this script runs them in
OUT_DIR with `results/default` linked to SWEEP_DIR and `traj.csv` copied from
TRAJECTORY_CSV. The python blocks run in order as one program (matplotlib, Agg backend);
each gnuplot block runs on its own with an SVG terminal prepended (the snippets leave the
terminal to the reader). Every file a snippet names with savefig/set output must then exist
and be non-empty. Prints one Markdown table row per snippet; exits non-zero when a snippet
fails. A missing matplotlib or gnuplot is reported as "skipped", not as a pass.
"""
import os, re, shutil, subprocess, sys, tempfile

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'README.md')


def snippets():
    text = open(README).read()
    start = text.index('## Plotting the CSV')
    end = text.index('\n## ', start + 1)
    return re.findall(r'```(python|gnuplot)\n(.*?)```', text[start:end], flags=re.S)


def main():
    sweep, trajectory, out = (os.path.abspath(a) for a in sys.argv[1:4])
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='readme-plots-')
    os.makedirs(f'{work}/results')
    os.symlink(sweep, f'{work}/results/default')
    shutil.copy(trajectory, f'{work}/traj.csv')
    blocks = snippets()
    if not blocks:
        sys.exit('readme-plots: no snippets found under "## Plotting the CSV" in README.md')
    rows, failed = [], False
    python = ''.join(code for kind, code in blocks if kind == 'python')
    try:
        import matplotlib  # noqa: F401
        have_matplotlib = True
    except ImportError:
        have_matplotlib = False
    if python:
        outputs = re.findall(r'savefig\("([^"]+)"', python)
        if have_matplotlib:
            result = subprocess.run([sys.executable, '-c', python], cwd=work, capture_output=True, text=True,
                                    env={**os.environ, 'MPLBACKEND': 'Agg'})
            failed |= report(rows, 'python (matplotlib)', result, work, outputs, out)
        else:
            rows.append(('python (matplotlib)', 'skipped: matplotlib is not installed', ''))
    gnuplot = shutil.which('gnuplot')
    for k, code in enumerate(c for kind, c in blocks if kind == 'gnuplot'):
        name = f'readme-gnuplot-{k + 1}.svg'
        if not gnuplot:
            rows.append((f'gnuplot #{k + 1}', 'skipped: gnuplot is not installed', ''))
            continue
        script = f'set terminal svg size 640,480\nset output "{name}"\n{code}'
        result = subprocess.run([gnuplot], input=script, cwd=work, capture_output=True, text=True)
        failed |= report(rows, f'gnuplot #{k + 1}', result, work, [name], out)
    print('| snippet | result | files |')
    print('|---|---|---|')
    for row in rows:
        print('| ' + ' | '.join(row) + ' |')
    shutil.rmtree(work)
    sys.exit(1 if failed else 0)


def report(rows, label, result, work, outputs, out):
    """Record one snippet's outcome; copy its outputs to `out`. True when it failed."""
    missing = [f for f in outputs if not os.path.isfile(f'{work}/{f}') or os.path.getsize(f'{work}/{f}') == 0]
    if result.returncode != 0 or missing or not outputs:
        reason = result.stderr.strip().splitlines()[-1:] or [f'no output file among {outputs}']
        rows.append((label, f'FAILED: {reason[0]}', ', '.join(outputs)))
        print(f'readme-plots: {label} failed:\n{result.stderr}', file=sys.stderr)
        return True
    for f in outputs:
        shutil.copy(f'{work}/{f}', f'{out}/readme-{f}' if not f.startswith('readme-') else f'{out}/{f}')
    rows.append((label, 'ran, exit 0', ', '.join(f'{os.path.getsize(f"{work}/{f}")} bytes {f}' for f in outputs)))
    return False


if __name__ == '__main__':
    main()

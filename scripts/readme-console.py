#!/usr/bin/env python3
"""Regenerate the outputs shown under every `$ ` command of README.md's ```console blocks.

Each command runs, in order, in a scratch directory holding the repository's examples/ and
sweeps/ (as the README test does), with .build/release on PATH. Its output replaces the lines
shown under it, cut to as many lines as were shown (then one `…`); a command shown with no
output keeps none. Run by `make notebooks`, or alone after `make build`:
    python3 scripts/readme-console.py
"""
import os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
readme_path = os.path.join(root, "README.md")
text = open(readme_path).read().split("\n")
scratch = tempfile.mkdtemp(prefix="readme-console-")
for folder in ("examples", "sweeps"):
    os.symlink(os.path.join(root, folder), os.path.join(scratch, folder))
env = dict(os.environ, PATH=os.path.join(root, ".build/release") + ":" + os.environ.get("PATH", ""),
           OPENBLAS_NUM_THREADS="1")

out, i, in_console = [], 0, False
while i < len(text):
    line = text[i]
    if line.startswith("```"):
        in_console = (not in_console) and line.startswith("```console")
        out.append(line); i += 1; continue
    if not (in_console and line.startswith("$ ")):
        out.append(line); i += 1; continue
    command_lines = [line]
    while command_lines[-1].endswith("\\"):
        i += 1; command_lines.append(text[i])
    out.extend(command_lines)
    i += 1
    shown = []
    while i < len(text) and not text[i].startswith("$ ") and not text[i].startswith("```") and text[i] != "":
        shown.append(text[i]); i += 1
    command = " ".join(l[2:] if k == 0 else l.strip() for k, l in enumerate(command_lines)).replace("\\ ", " ")
    if "submit.sh" in command or "sbatch" in command:
        out.extend(shown); continue
    result = subprocess.run(["bash", "-c", "{ " + command + "\n} 2>&1"], cwd=scratch, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"readme-console: '{command}' exited {result.returncode}:\n{result.stdout[-2000:]}")
    keep = len([l for l in shown if "…" not in l])
    lines = result.stdout.rstrip("\n").split("\n") if result.stdout.strip() else []
    out.extend(lines[:keep] + (["…"] if len(lines) > keep else []))
open(readme_path, "w").write("\n".join(out))
print(f"readme-console: regenerated the console outputs of README.md (scratch {scratch})")

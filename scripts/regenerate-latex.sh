#!/usr/bin/env bash
# make latex: put the Jacobian builder's own LaTeX for variant `paper` into proofs/jacobian.md,
# between the GENERATED markers (the page shows the builder's output, never a retyped copy).
# Tests/JacobianBuilderTests/JacobianLaTeXTests.swift checks the page against the builder.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${ORGANICS:-.build/release/organics}
page=proofs/jacobian.md
latex=$("$binary" jacobian examples/identity.json --format latex | awk 'NF == 0 { exit } { print }')
python3 - "$page" "$latex" <<'PY'
import sys
page, latex = sys.argv[1], sys.argv[2]
text = open(page, encoding="utf-8").read()
begin, end = "<!-- BEGIN GENERATED: organics jacobian --format latex (make latex) -->", "<!-- END GENERATED -->"
if begin not in text or end not in text:
    sys.exit(f"{page}: markers missing")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(page, "w", encoding="utf-8").write(head + begin + "\n$$\n" + latex + "\n$$\n" + end + tail)
print(f"{page}: generated LaTeX block updated")
PY

#!/usr/bin/env python3
"""make proofs-check: every test that a page of proofs/ names must exist.

A proof page names a test in one of two forms (in its closing table):
  `Tests/<Target>/<File>.swift` — "<display name>"   -> @Test("<display name>" …) or @Suite(…) in that file
  `<File>.swift` / `functionName`, `other`           -> a file of that name under Tests/ declaring
                                                         `func functionName(` after an @Test
It fails, listing every missing test, when one does not exist, and when a page names no test.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
reference = re.compile(r"`(Tests/[^`]+\.swift)`\s*[—–-]+\s*\"([^\"]+)\"")
missing, checked = [], 0
pages = sorted((root / "proofs").glob("*.md"))
for page in pages:
    text = page.read_text(encoding="utf-8")
    found = reference.findall(text)
    if not found:
        missing.append(f"{page.relative_to(root)}: names no test")
    for path, name in found:
        checked += 1
        source = root / path
        if not source.exists():
            missing.append(f"{page.relative_to(root)}: {path} does not exist (test \"{name}\")")
            continue
        body = source.read_text(encoding="utf-8")
        escaped = re.escape(name)
        if not re.search(r'@(Test|Suite)\(\s*"' + escaped + r'"', body):
            missing.append(f"{page.relative_to(root)}: no @Test(\"{name}\") in {path}")
short = re.compile(r"`(?:[^`]*/)?([A-Za-z0-9_+\-]+\.swift)`\s*[/·]\s*((?:`[A-Za-z0-9_]+`(?:\s*,\s*)?)+)")
for page in pages:
    text = page.read_text(encoding="utf-8")
    for filename, functions in short.findall(text):
        candidates = list((root / "Tests").rglob(filename))
        for function in re.findall(r"`([A-Za-z0-9_]+)`", functions):
            checked += 1
            if not candidates:
                missing.append(f"{page.relative_to(root)}: no file {filename} under Tests/ (test {function})")
                continue
            def declares(source):
                body = source.read_text(encoding="utf-8")
                for match in re.finditer(r"func\s+" + function + r"\s*\(", body):
                    preamble = re.split(r"\n\s*\}\s*\n", body[:match.start()])[-1]   # since the previous closing line
                    if "@Test" in preamble:
                        return True
                return False
            if not any(declares(c) for c in candidates):
                missing.append(f"{page.relative_to(root)}: no @Test func {function} in {filename}")
missing = [m for m in missing if not (m.endswith("names no test") and short.search((root / m.split(":")[0]).read_text(encoding="utf-8")))]
for line in missing:
    print(f"proofs-check: {line}", file=sys.stderr)
print(f"proofs-check: {checked} test references in {len(pages)} pages, {len(missing)} missing")
sys.exit(1 if missing else 0)

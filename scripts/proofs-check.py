#!/usr/bin/env python3
"""make proofs-check: every test that a page of proofs/ names must exist.

A proof page names a test as  `Tests/<Target>/<File>.swift` — "<display name>"  (in its
closing table). The check passes when the file exists and declares
@Test("<display name>" …) or @Suite("<display name>" …). It fails, listing every missing
test, otherwise; and it fails when a page names no test at all.
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
for line in missing:
    print(f"proofs-check: {line}", file=sys.stderr)
print(f"proofs-check: {checked} test references in {len(pages)} pages, {len(missing)} missing")
sys.exit(1 if missing else 0)

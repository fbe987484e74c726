#!/usr/bin/env python3
"""make proofs-check: the proof pages cite tests that exist and check what they are cited for,
and every path the documentation cites exists.

1. Tests exist. A proof page names a test in one of two forms (in its closing table):
     `Tests/<Target>/<File>.swift` — "<display name>"   -> @Test("<display name>" …) or @Suite(…) in that file
     `<File>.swift` / `functionName`, `other`           -> a file of that name under Tests/ declaring
                                                           `func functionName(` after an @Test
   It fails when one does not exist, and when a page names no test.

2. Cited tests name the cited quantity (the convention, stated in proofs/README.md):
   in a table row | step | test | what it checks |, the *step* cell names the claim by its
   reference — an equation number such as (6.9a), or Lemma/Prop./Theorem/Cor. 1.1, or §7.4 —
   and every test cited in that row must mention one of those references in its own text
   (its doc comment, display name or body), or mention an identifier written in backticks
   in the row's third cell (e.g. `verifiedMargin`). A row whose step cell has no reference
   must give such an identifier.

3. Cited paths exist: every citation of a repository file in proofs/, docs/, README.md,
   notebooks-md/*.md and the CLI's help text (Sources/organics/*.swift string literals) must
   name a file or directory of the repository. A citation is a path whose first segment is a
   top-level directory of the repository (Sources/…, Tests/…, proofs/…, docs/…, scripts/…,
   sweeps/…, examples/…, notebooks-md/…, Benchmarks/…), a markdown link target, a bare
   `*.md` document name, or anything under shared/ (never in the repository). Placeholders
   and outputs (case.json, cells.csv), generated run directories (…/runs/…) and names with
   $ or * are not citations; nor are names inside a test's quoted display name.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
problems, checked_tests, checked_rows, checked_paths = [], 0, 0, 0
pages = sorted((root / "proofs").glob("*.md"))

# ---------------------------------------------------------------- test bodies
def display_test_text(source, name):
    """Doc comment + @Test line + body of the test with this display name, or None."""
    body = source.read_text(encoding="utf-8")
    match = re.search(r'@(Test|Suite)\(\s*"' + re.escape(name) + r'"', body)
    return None if not match else test_span(body, match.start())

def function_test_text(sources, function):
    for source in sources:
        body = source.read_text(encoding="utf-8")
        for match in re.finditer(r"func\s+" + re.escape(function) + r"\s*\(", body):
            preamble = re.split(r"\n\s*\}\s*\n", body[:match.start()])[-1]
            if "@Test" in preamble:
                start = body.rfind("@Test", 0, match.start())
                return test_span(body, start)
    return None

def test_span(body, start):
    """From the doc comment above `start` to the next @Test/@Suite (or the end)."""
    lines_before = body[:start].split("\n")
    k = len(lines_before) - 1
    while k > 0 and lines_before[k - 1].strip().startswith("///"):
        k -= 1
    begin = len("\n".join(lines_before[:k]))
    following = re.search(r"\n\s*(///[^\n]*\n\s*)*@(Test|Suite)\(", body[start + 5:])
    end = start + 5 + following.start() if following else len(body)
    return body[begin:end]

# ------------------------------------------------------- 1 + 2: tests and quantities
long_form = re.compile(r"`(Tests/[^`]+\.swift)`\s*[—–-]+\s*\"([^\"]+)\"")
short_form = re.compile(r"`(?:[^`]*/)?([A-Za-z0-9_+\-]+\.swift)`\s*[/·]\s*((?:`[A-Za-z0-9_]+`(?:\s*,\s*)?)+)")
reference = re.compile(r"\((\d+\.\d+[a-z]?)\)|(?:Lemma|Prop\.|Proposition|Theorem|Thm|Cor\.|Corollary|Remark)\s+(\d+\.\d+[a-z]?)"
                       r"|§\s*(\d+(?:\.\d+)?[a-z]?)|(?:eqs?\.\s*)(\d+\.\d+[a-z]?)|\b(\d+\.\d+[a-z]?)[–-](\d+\.\d+[a-z]?)")

def references_in(cell):
    found = set()
    for groups in reference.findall(cell):
        for g in groups:
            if g:
                found.add(g)
    # ranges like (6.9a)–(6.9d) or (5.0)–(5.1): both ends are already captured as (x).
    return found

def mentions(text, refs, identifiers):
    for ref in refs:
        if re.search(r"(?<![\d.])" + re.escape(ref) + r"(?![\d])", text):
            return True
    return any(ident in text for ident in identifiers)

for page in pages:
    text = page.read_text(encoding="utf-8")
    relative = page.relative_to(root)
    if not long_form.search(text) and not short_form.search(text):
        problems.append(f"{relative}: names no test")
    for line in text.split("\n"):
        if not line.startswith("|") or line.startswith("| ---") or line.count("|") < 4:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        step, cited, checks = cells[0], cells[1], " | ".join(cells[2:])
        tests = []
        for path, name in long_form.findall(cited):
            checked_tests += 1
            source = root / path
            if not source.exists():
                problems.append(f"{relative}: {path} does not exist (test \"{name}\")")
                continue
            span = display_test_text(source, name)
            if span is None:
                problems.append(f"{relative}: no @Test(\"{name}\") in {path}")
                continue
            tests.append((name, span))
        for filename, functions in short_form.findall(cited):
            candidates = list((root / "Tests").rglob(filename))
            for function in re.findall(r"`([A-Za-z0-9_]+)`", functions):
                checked_tests += 1
                if not candidates:
                    problems.append(f"{relative}: no file {filename} under Tests/ (test {function})")
                    continue
                span = function_test_text(candidates, function)
                if span is None:
                    problems.append(f"{relative}: no @Test func {function} in {filename}")
                    continue
                tests.append((function, span))
        if not tests:
            continue
        checked_rows += 1
        refs = references_in(step)
        identifiers = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_.]*)`", checks))
        if not refs and not identifiers:
            problems.append(f"{relative}: row '{step}' names no claim (no equation/lemma/§ reference in the step cell, no `identifier` in the checks cell)")
            continue
        for name, span in tests:
            if not mentions(span, refs, identifiers):
                want = ", ".join(sorted(refs) + [f"`{i}`" for i in sorted(identifiers)])
                problems.append(f"{relative}: test '{name}' (row '{step}') mentions none of {want}")

# ------------------------------------------------------------------- 3: paths
documents = pages + sorted((root / "docs").glob("*.md")) + [root / "README.md"] + sorted((root / "notebooks-md").glob("*.md"))
top_level = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
path_token = re.compile(r"(?<![\w/.\-$])((?:\.\./)*(?:" + "|".join(map(re.escape, top_level + ["shared"])) +
                        r")/[A-Za-z0-9_+\-./]*[A-Za-z0-9_+\-])|(?<![\w/.\-$])([A-Za-z0-9_+\-]+\.md)(?![\w/])")
link = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
exempt = re.compile(r"(^|/)(results|runs)(/|$)|^/tmp|[$*<>{}…]")
all_files = {p.name for p in root.rglob("*") if ".build" not in p.parts and ".git" not in p.parts}

def exists(token, citing):
    token = token.rstrip(".,;:")
    if exempt.search(token):
        return True
    for base in (root, citing.parent):
        if (base / token).exists():
            return True
    if "/" not in token:
        return token in all_files
    return False

def check_paths(text, citing, label):
    global checked_paths
    # Names inside a quoted test display name are text, not citations.
    stripped = re.sub(r"—\s*\"[^\"]*\"", "", text)
    tokens = {a or b for a, b in path_token.findall(stripped)}
    tokens |= {t for t in link.findall(stripped) if not t.startswith("http")}
    for token in sorted(tokens):
        checked_paths += 1
        if not exists(token, citing):
            problems.append(f"{label}: cites {token}, which is not in the repository")

for document in documents:
    if document.exists():
        check_paths(document.read_text(encoding="utf-8"), document, str(document.relative_to(root)))
help_literal = re.compile(r'"""(.*?)"""|"((?:[^"\\\n]|\\.)*)"', re.S)
for source in sorted((root / "Sources" / "organics").glob("*.swift")):
    for block, single in help_literal.findall(source.read_text(encoding="utf-8")):
        check_paths(block or single, root / "README.md", f"{source.relative_to(root)} (help text)")

for line in problems:
    print(f"proofs-check: {line}", file=sys.stderr)
print(f"proofs-check: {checked_tests} test references in {len(pages)} pages ({checked_rows} table rows checked for the cited quantity), "
      f"{checked_paths} cited paths; {len(problems)} problems")
sys.exit(1 if problems else 0)

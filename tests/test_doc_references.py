"""The repository stands alone: every section a file cites in our reference docs exists, and nothing
points outside the checkout.

Code, tests and docs cite docs/gbt9704.md, docs/domain.md and docs/user-needs.md by section and, for the
table of measurable rules, by row: "docs/gbt9704.md §6.7", "§2 rows 26–28, §4", "§0.1–0.2". A renumbered
heading or a dropped row would leave such a citation pointing at nothing, or at the wrong rule. A
section is found by the number its heading carries (``### 6.7 …``); a row by the number in the first
column of a table inside the cited section. Of a range (§6.4–6.6, §0–3) both ends must exist; of a range
of rows (rows 26–28) every row.

The project began beside a sibling folder of shared notes that a user of the repository never has; no
file may point into it any more.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = {name: ROOT / "docs" / f"{name}.md" for name in ("gbt9704", "domain", "user-needs")}
SCANNED = ("src", "plugins", "tests", "docs", "benchmarks", "README.md")
"""Where citations are looked for."""

SKIPPED_DIRECTORIES = frozenset({
    ".git", ".hypothesis", ".mypy_cache", ".pytest_cache", ".ruff_cache", "__pycache__",
    "node_modules", "build", "dist", "site-packages",
})
MAX_BYTES = 2_000_000

SHARED_EXCEPTIONS: frozenset[str] = frozenset()
"""Files allowed to point at the shared folder the project started from: none. The fidelity tests use the
audit (docs/audit.md) and the rules are in docs/gbt9704.md."""

SHARED = re.compile(r"\.\./shared\b|/shared[/]|(?<![\w.-])shared[/](?:gbt9704|domain|seed|hooks)\b")
"""A path into the shared folder: the sibling folder itself (dot-dot, slash, shared), any path with a
"shared" component, or a relative path into its subfolders (gbt9704, domain, seed, hooks). The pattern is
written so that this file does not match itself."""

_SECTION = r"\d+(?:\.\d+)?"
_ROWS = r"rows?\s+\d+(?:\s*[–—-]\s*\d+)?(?:\s*(?:,|and)\s*\d+(?:\s*[–—-]\s*\d+)?)*"
_ONE = rf"§\s*{_SECTION}(?:\s*[–—-]\s*§?\s*{_SECTION})?(?:\s+{_ROWS})?"
_LIST = rf"{_ONE}(?:(?:\s*,\s*|\s*;\s*|\s+and\s+){_ONE})*"
NAMED = re.compile(
    r"(?P<doc>gbt9704|domain|user-needs)\.md`?(?:\]\([^)\s]*\))?[\s#]*(?P<list>" + _LIST + ")"
)
"""A citation naming one of the docs, then its list of sections (the name may be in backticks or be a
Markdown link; the list may start on the next line of a comment or docstring)."""
BARE = re.compile(_LIST)
"""A list of sections without a doc's name: inside one of the docs, a citation of that doc itself."""
ONE = re.compile(
    rf"§\s*(?P<first>{_SECTION})(?:\s*[–—-]\s*§?\s*(?P<last>{_SECTION}))?(?:\s+(?P<rows>{_ROWS}))?"
)
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<number>\d+(?:\.\d+)*)\.?\s", re.MULTILINE)
TABLE_ROW = re.compile(r"^\|\s*(?P<row>\d+)\s*\|", re.MULTILINE)


def _text_files(top: Path) -> Iterator[Path]:
    """Text files under ``top`` (or ``top`` itself), skipping caches, builds and virtual environments."""
    if top.is_file():
        yield top
        return
    for folder, directories, files in os.walk(top):
        here = Path(folder)
        directories[:] = sorted(
            d for d in directories
            if d not in SKIPPED_DIRECTORIES
            and not d.startswith(".venv")
            and not d.endswith(".egg-info")
            and not (here / d / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            path = here / name
            if path.stat().st_size <= MAX_BYTES:
                yield path


def _read_text(path: Path) -> str | None:
    """The file as text, or None for a binary file."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace")


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _rows(text: str) -> list[int]:
    """The row numbers a citation names: "rows 26–28, 30" → 26, 27, 28, 30."""
    numbers: list[int] = []
    for start, end in re.findall(r"(\d+)(?:\s*[–—-]\s*(\d+))?", text):
        numbers.extend(range(int(start), int(end or start) + 1))
    return numbers


def _citations(doc: str, listing: str) -> Iterator[tuple[str, str, int | None]]:
    """(doc, section, row or None) for each section and row a list of sections names."""
    for one in ONE.finditer(listing):
        sections = [one["first"]] + ([one["last"]] if one["last"] else [])
        for section in sections:
            yield doc, section, None
        if one["rows"]:
            for row in _rows(one["rows"].split(None, 1)[1]):
                yield doc, one["first"], row


@cache
def _structure(doc: str) -> tuple[frozenset[str], dict[str, frozenset[int]]]:
    """The section numbers a doc's headings carry, and the table rows found inside each section."""
    text = DOCS[doc].read_text(encoding="utf-8")
    headings = list(HEADING.finditer(text))
    rows: dict[str, frozenset[int]] = {}
    for index, heading in enumerate(headings):
        level = len(heading["hashes"])
        end = next(
            (later.start() for later in headings[index + 1:] if len(later["hashes"]) <= level), len(text)
        )
        body = text[heading.end():end]
        rows[heading["number"]] = frozenset(int(m["row"]) for m in TABLE_ROW.finditer(body))
    return frozenset(rows), rows


def _problem(doc: str, section: str, row: int | None) -> str | None:
    """What is wrong with a citation, or None."""
    sections, rows = _structure(doc)
    if section not in sections:
        return f"docs/{doc}.md has no §{section} (sections: {', '.join(sorted(sections))})"
    if row is not None and row not in rows[section]:
        return f"docs/{doc}.md §{section} has no row {row}"
    return None


def _all_citations() -> list[tuple[str, str, str, int | None]]:
    """(file, doc, section, row) of every citation in the scanned files, bare ones in the docs included."""
    found: list[tuple[str, str, str, int | None]] = []
    own = {path: name for name, path in DOCS.items()}
    for top in SCANNED:
        for path in _text_files(ROOT / top):
            text = _read_text(path)
            if text is None:
                continue
            for match in NAMED.finditer(text):
                found.extend((_relative(path), *c) for c in _citations(match["doc"], match["list"]))
            if path in own:
                rest = NAMED.sub(lambda m: " " * len(m[0]), text)
                for match in BARE.finditer(rest):
                    found.extend((_relative(path), *c) for c in _citations(own[path], match[0]))
    return found


def test_the_reference_docs_exist():
    missing = [_relative(path) for path in DOCS.values() if not path.is_file()]
    assert missing == []


def test_the_citation_pattern_reads_every_form_used():
    forms = {
        "docs/gbt9704.md §6.7": [("gbt9704", "6.7", None)],
        "(docs/gbt9704.md §6.10, §2 row 29)": [("gbt9704", "6.10", None), ("gbt9704", "2", None),
                                                ("gbt9704", "2", 29)],
        "docs/gbt9704.md §2 rows 26–28, §4": [("gbt9704", "2", None), ("gbt9704", "2", 26),
                                              ("gbt9704", "2", 27), ("gbt9704", "2", 28),
                                              ("gbt9704", "4", None)],
        "docs/gbt9704.md §2 rows 5, 16, 19": [("gbt9704", "2", None), ("gbt9704", "2", 5),
                                              ("gbt9704", "2", 16), ("gbt9704", "2", 19)],
        "`docs/gbt9704.md` §0.1–0.2, §6.1": [("gbt9704", "0.1", None), ("gbt9704", "0.2", None),
                                             ("gbt9704", "6.1", None)],
        "docs/gbt9704.md §4 and §6.6": [("gbt9704", "4", None), ("gbt9704", "6.6", None)],
        "(docs/gbt9704.md\n    §6.6)": [("gbt9704", "6.6", None)],
        "docs/user-needs.md §3–4": [("user-needs", "3", None), ("user-needs", "4", None)],
        "docs/domain.md §2: columns": [("domain", "2", None)],
    }
    read = {
        text: [c for match in NAMED.finditer(text) for c in _citations(match["doc"], match["list"])]
        for text in forms
    }
    assert read == forms


def test_every_cited_section_and_row_exists():
    citations = _all_citations()
    # The code cites the docs about a hundred times; far fewer means the scan went wrong.
    assert len(citations) > 80
    assert {doc for _, doc, _, _ in citations} == set(DOCS)
    problems = sorted({
        f"{where}: {problem}"
        for where, doc, section, row in citations
        if (problem := _problem(doc, section, row)) is not None
    })
    assert problems == []


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_headings_carry_unique_numbers(doc):
    text = DOCS[doc].read_text(encoding="utf-8")
    numbers = [m["number"] for m in HEADING.finditer(text)]
    assert numbers and len(numbers) == len(set(numbers))


def test_the_rule_table_keeps_its_row_numbers():
    """GB/T 9704's measurable rules are cited by row: rows 1–33, in order, in §2."""
    text = DOCS["gbt9704"].read_text(encoding="utf-8")
    section = text.split("\n## 2.", 1)[1].split("\n## ", 1)[0]
    assert [int(m["row"]) for m in TABLE_ROW.finditer(section)] == list(range(1, 34))


def test_nothing_points_at_the_shared_folder():
    offenders = []
    for path in _text_files(ROOT):
        relative = _relative(path)
        if relative in SHARED_EXCEPTIONS:
            continue
        text = _read_text(path)
        if text is None:
            continue
        offenders.extend(
            f"{relative}:{text.count(chr(10), 0, match.start()) + 1}: {match[0]}"
            for match in SHARED.finditer(text)
        )
    assert offenders == []

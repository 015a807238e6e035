"""``supervisio audit``: GB/T 9704-2012 checks of any .docx or PDF (docs/audit.md).

Our demo documents pass; a docx from python-docx's default template and one from pandoc fail, each with
the reasons named; a file that is not a docx is refused with a located one-line message (status 2).
The layout checks through LibreOffice and Chromium for every kind are in tests/test_gbt9704.py.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from supervisio.audit import audit_docx, audit_pdf
from supervisio.cli import main
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.pipeline import render_kind
from supervisio.renderers.base import RenderOptions
from support import FIXTURES

KINDS = ("report", "briefing", "prompt", "opinion", "rectification", "ledger", "weekly", "bulletin")
UNITS = {"opinion": "临江市行政审批局", "rectification": "临江市应急管理局"}
PANDOC_DOCX = FIXTURES / "pandoc-seed-report.docx"
"""tests/fixtures/seed-report.txt through pandoc 2.17 (``-f markdown -t docx``, a blank line after
each line, ``*`` escaped): what a unit sends when it writes its report outside Word."""

XML_KNOWN_FAILURES: dict[tuple[str, str], str] = {}
"""XML checks our own documents fail, with the reason: each must still fail (the list is kept honest)."""


def _render(kind: str, profile: str = "word") -> bytes:
    return render_kind(load_demo(), kind, "docx", as_of=DEMO_AS_OF, group=DEMO_GROUP,
                       unit=UNITS.get(kind), options=RenderOptions(profile=profile))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Every demo kind in both profiles, as ``<kind>-<profile>.docx``."""
    out = tmp_path_factory.mktemp("audit-demo")
    for profile in ("word", "strict"):
        for kind in KINDS:
            (out / f"{kind}-{profile}.docx").write_bytes(_render(kind, profile))
    return out


def audit_cli(capsys, *args: object) -> tuple[int, str, str]:
    status = main(["audit", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def check_located_refusal(capsys, path: Path, *words: str) -> None:
    status, out, err = audit_cli(capsys, path)
    assert status == 2, (status, out, err)
    assert out == ""
    assert err.startswith(f"supervisio: error: {path}:"), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


# ------------------------------------------------------------------------------ our documents


@pytest.mark.parametrize("profile", ["word", "strict"])
@pytest.mark.parametrize("kind", KINDS)
def test_demo_docx_passes_the_xml_checks(demo, kind, profile):
    report = audit_docx(demo / f"{kind}-{profile}.docx", profile, render=False)
    known = {check for (k, check) in XML_KNOWN_FAILURES if k == kind}
    assert {c.name for c in report.failed} == known, [(c.name, c.measured) for c in report.failed]
    # without a PDF, the layout checks are skipped, never passed, and the report says why
    assert [c for c in report.skipped if c.source == "pdf"]
    assert not [c for c in report.passed if c.source == "pdf"]
    assert all(c.note for c in report.skipped)
    assert report.skipped_because == ("PDF checks not run (--xml-only)",)


def test_the_profile_decides_the_margins(demo):
    """A strict document is not a word one: its 33.6 mm margins fail the word profile, and back."""
    word = audit_docx(demo / "report-strict.docx", "word", render=False)
    strict = audit_docx(demo / "report-word.docx", "strict", render=False)
    for report in (word, strict):
        failed = {c.name for c in report.failed}
        assert {"page margins top/bottom/left/right", "document grid", "exact line pitch"} <= failed
    margins = word.by_name()["page margins top/bottom/left/right"]
    assert margins.measured == "33.6/33.6/28/26 mm" and margins.expected.startswith("37/35/28/26 mm")


def test_every_check_is_named_once_per_report(demo):
    report = audit_docx(demo / "briefing-word.docx", "word", render=False)
    names = [c.name for c in report.checks]
    assert len(names) == len(set(names))
    assert {"page size A4", "正文 font", "标题 font", "no theme fonts", "odd page number field",
            "版记 rules", "版记 width"} <= set(names)


@pytest.mark.libreoffice
def test_demo_docx_passes_through_libreoffice(demo, capsys):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    status, out, err = audit_cli(capsys, demo / "report-word.docx")
    assert (status, err) == (0, ""), out
    assert "SKIP  [pdf]" not in out and "PASS  [pdf] characters per full line: " in out
    assert out.splitlines()[-1].startswith("result: PASS (")


def test_without_libreoffice_the_pdf_checks_are_skipped_and_said_so(demo, capsys, monkeypatch):
    monkeypatch.setattr("supervisio.audit.convert.soffice", lambda: None)
    status, out, _ = audit_cli(capsys, demo / "report-word.docx")
    assert status == 0
    lines = out.splitlines()
    assert any(line.startswith("SKIP  [pdf] lines per full page: not run (LibreOffice") for line in lines)
    assert "note: LibreOffice (soffice) is not installed: the PDF layout checks were skipped" in lines
    assert re.fullmatch(r"result: PASS \(\d+ passed, 0 failed, [1-9]\d* skipped\)", lines[-2]), lines[-2]


# ------------------------------------------------------------------------------ output


def test_text_output_has_one_line_per_check(demo, capsys):
    status, out, _ = audit_cli(capsys, demo / "opinion-word.docx", "--xml-only")
    lines = out.splitlines()
    report = audit_docx(demo / "opinion-word.docx", render=False)
    assert status == 0
    assert lines[0].endswith("GB/T 9704-2012 audit, word profile")
    assert len(lines) == 1 + len(report.checks) + 2  # title, checks, result, note
    assert lines[1] == ("PASS  [docx] page size A4: 210.0 × 297.0 mm  (expected 210 × 297 mm ±1 (portrait))")


def test_json_output_is_a_list_of_checks(demo, capsys):
    status, out, _ = audit_cli(capsys, demo / "report-word.docx", "--json", "--xml-only", "--profile", "word")
    items = json.loads(out)
    assert status == 0 and isinstance(items, list) and items
    keys = {"file", "profile", "check", "source", "status", "ok", "measured", "expected", "note"}
    assert all(set(item) == keys for item in items)
    assert {item["status"] for item in items} == {"pass", "skip"}
    assert all(item["ok"] == (item["status"] == "pass") for item in items)
    size = next(item for item in items if item["check"] == "正文 size")
    assert size["measured"] == [16.0] and size["source"] == "docx" and size["profile"] == "word"


def test_json_of_a_failing_file_exits_1(capsys):
    status, out, _ = audit_cli(capsys, PANDOC_DOCX, "--json", "--xml-only")
    items = json.loads(out)
    assert status == 1
    assert any(item["status"] == "fail" and item["check"] == "no theme fonts" for item in items)


# ------------------------------------------------------------------------------ documents made elsewhere


def test_a_python_docx_default_document_fails_with_reasons(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("关于开展督导工作的报告", level=0)
    document.add_paragraph("一、主要做法")
    document.add_paragraph("督导组按照市委部署，深入各被督导单位开展督导，列席会议，查阅资料，个别谈话，"
                           "发现问题及时反馈，推动整改落实。")
    path = tmp_path / "python-docx.docx"
    document.save(path)
    status, out, _ = audit_cli(capsys, path, "--xml-only")
    report = audit_docx(path, render=False)
    failed = report.by_name()
    assert status == 1
    for name in ("page size A4", "page margins top/bottom/left/right", "正文 font", "正文 size",
                 "no theme fonts", "font slots named", "exact line pitch", "document grid",
                 "page numbers odd/even footers", "标题 font", "heading 1 (一、) font"):
        assert failed[name].status == "fail", name
        assert f"FAIL  [docx] {name}:" in out
    # Letter paper, one-inch margins, the theme's East Asian face
    assert failed["page size A4"].measured == "215.9 × 279.4 mm"
    assert failed["page margins top/bottom/left/right"].measured == "25.4/25.4/31.8/31.8 mm"
    assert any("eastAsiaTheme=minorEastAsia" in where for where in failed["no theme fonts"].measured)


def test_a_pandoc_document_fails_with_reasons():
    report = audit_docx(PANDOC_DOCX, render=False)
    checks = report.by_name()
    failed = {c.name for c in report.failed}
    assert {"page size A4", "page margins top/bottom/left/right", "正文 font", "正文 size", "no theme fonts",
            "exact line pitch", "正文 first-line indent", "page numbers odd/even footers",
            "odd page number field", "heading 1 (一、) font", "heading 2 (（一）) font"} <= failed
    assert checks["正文 font"].measured == ["theme minorHAnsi (= Cambria)"]
    assert checks["正文 size"].measured == [12.0]
    assert checks["page size A4"].measured == "no w:pgSz (the application's default paper)"
    assert checks["odd page number field"].measured == "no PAGE field"


def test_a_theme_attribute_beats_the_name_beside_it(demo, tmp_path):
    """``w:eastAsia="仿宋_GB2312" w:eastAsiaTheme="minorEastAsia"``: Word shows the theme's face, and
    a theme attribute is refused wherever it is (docs/audit.md)."""
    source = demo / "report-word.docx"
    path = tmp_path / "themed.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:eastAsia="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"',
                                    b'w:eastAsia="\xe4\xbb\xbf\xe5\xae\x8b_GB2312" w:eastAsiaTheme="minorEastAsia"')
            new.writestr(item, data)
    checks = audit_docx(path, render=False).by_name()
    # the theme of our documents names 仿宋_GB2312, so Word's face is right; WPS still warns
    assert checks["正文 font"].measured == ["theme minorEastAsia (= 仿宋_GB2312)"]
    assert checks["no theme fonts"].status == "fail"
    assert checks["font slots named"].status == "fail"


# ------------------------------------------------------------------------------ unreadable files


def test_a_missing_file_is_refused(tmp_path, capsys):
    check_located_refusal(capsys, tmp_path / "nowhere.docx", "no such file")


def test_a_text_file_is_refused(tmp_path, capsys):
    path = tmp_path / "report.docx"
    path.write_text("督导报告", encoding="utf-8")
    check_located_refusal(capsys, path, "not a .docx", "not a zip")


def test_an_empty_file_is_refused(tmp_path, capsys):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    check_located_refusal(capsys, path, "not a .docx")


def test_a_zip_without_a_document_is_refused(tmp_path, capsys):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    check_located_refusal(capsys, path, "not a Word document", "word/document.xml")


def test_broken_xml_is_refused_with_its_line(tmp_path, capsys):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", '<?xml version="1.0"?>\n<w:document>\n<w:body></w:document>')
    check_located_refusal(capsys, path, "word/document.xml:", "not well-formed XML")


def test_a_folder_is_refused(tmp_path, capsys):
    check_located_refusal(capsys, tmp_path, "folder")


def test_a_broken_pdf_is_refused(tmp_path, capsys):
    pytest.importorskip("pdfplumber")
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n%broken\n")
    check_located_refusal(capsys, path, "not a readable PDF")


def test_an_unknown_profile_is_refused(demo):
    from supervisio.audit import AuditError

    with pytest.raises(AuditError, match="unknown profile 'letter'"):
        audit_pdf(demo / "report-word.docx", "letter")


@pytest.mark.libreoffice
def test_a_pandoc_document_fails_through_libreoffice_too(capsys):
    """Printed, the pandoc file is US Letter, unnumbered, and has no 3号 text to measure (skipped, said)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pytest.importorskip("pdfplumber")
    report = audit_docx(PANDOC_DOCX)
    checks = report.by_name()
    assert checks["printed page A4"].status == "fail"
    assert checks["printed page A4"].measured == "215.9 × 279.4 mm"
    assert checks["every page numbered"].status == "fail"
    assert checks["every page numbered"].measured.startswith("0/")
    assert checks["characters per full line"].status == "skip"
    assert checks["characters per full line"].note == "no 3号 (16 pt) 正文 on a portrait page to measure"

"""``supervisio audit``: GB/T 9704-2012 checks of any .docx or PDF, ours or made elsewhere.

- :func:`audit_docx` reads the package's XML (page, grid, line pitch, fonts and sizes per element,
  theme fonts, page-number fields, 版记), then, when LibreOffice is installed, renders it to PDF and
  measures the printed layout (characters per line, lines per page, block edges, 版记 rules, page
  numbers). Without LibreOffice or pdfplumber the PDF checks are reported as skipped, never as passed.
- :func:`audit_pdf` measures a PDF alone (Chromium's print of our HTML, or an office suite's export).

The checks, their expected values per profile and the JSON shape are in docs/audit.md.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from supervisio.audit.checks import (
    EXIT_FAILED,
    EXIT_PASSED,
    EXIT_UNREADABLE,
    AuditError,
    AuditReport,
    Check,
)
from supervisio.audit.spec import PROFILES
from supervisio.document_settings import Profile

__all__ = [
    "EXIT_FAILED",
    "EXIT_PASSED",
    "EXIT_UNREADABLE",
    "AuditError",
    "AuditReport",
    "Check",
    "audit",
    "audit_docx",
    "audit_pdf",
    "is_pdf",
]


def _profile(profile: str) -> Profile:
    if profile not in PROFILES:
        raise AuditError(f"unknown profile {profile!r}: use 'word' or 'strict'")
    return profile


def _pdfplumber_missing() -> bool:
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return True
    return False


def _skipped_pdf_checks(why: str) -> list[Check]:
    from supervisio.audit.pdf_checks import PDF_CHECK_NAMES

    return [Check(name=name, source="pdf", status="skip", note=why) for name in PDF_CHECK_NAMES
            if "turned" not in name]


def audit_docx(path: str | Path, profile: str = "word", *, render: bool = True,
               pdf: str | Path | None = None) -> AuditReport:
    """Audit the .docx at ``path`` in ``profile`` (``word`` or ``strict``).

    ``render=False`` runs the XML checks only; ``pdf`` gives a PDF of this document already made
    (LibreOffice is then not run). Raises :class:`AuditError` when the file cannot be read.
    """
    from supervisio.audit.convert import convert_to_pdf, soffice
    from supervisio.audit.docx_checks import docx_checks
    from supervisio.audit.docx_xml import read_docx

    chosen = _profile(profile)
    checks = docx_checks(read_docx(path), chosen)
    why: list[str] = []
    if pdf is not None:
        checks += _pdf_checks(Path(pdf), chosen)
    elif not render:
        why.append("PDF checks not run (--xml-only)")
    elif soffice() is None:
        why.append("LibreOffice (soffice) is not installed: the PDF layout checks were skipped")
    elif _pdfplumber_missing():
        why.append("pdfplumber is not installed (pip install 'supervisio[audit]'): "
                   "the PDF layout checks were skipped")
    else:
        with tempfile.TemporaryDirectory(prefix="supervisio-audit-") as folder:
            source = Path(folder) / "document.docx"
            source.write_bytes(Path(path).read_bytes())
            (rendered,) = convert_to_pdf([source], Path(folder))
            checks += _pdf_checks(rendered, chosen)
    if why:
        checks += _skipped_pdf_checks(why[0])
    return AuditReport.of(str(path), chosen, checks, why)


def _pdf_checks(pdf: Path, profile: Profile) -> list[Check]:
    from supervisio.audit.pdf import measure_pdf
    from supervisio.audit.pdf_checks import pdf_checks

    return pdf_checks(measure_pdf(pdf), profile)


def audit_pdf(path: str | Path, profile: str = "word") -> AuditReport:
    """Audit the layout of the PDF at ``path`` (no XML checks: a PDF has no styles to read)."""
    chosen = _profile(profile)
    return AuditReport.of(str(path), chosen, _pdf_checks(Path(path), chosen))


def is_pdf(path: str | Path) -> bool:
    """Whether ``path`` is a PDF (by its first bytes; a .pdf name with other content is not)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def audit(path: str | Path, profile: str = "word", *, render: bool = True) -> AuditReport:
    """:func:`audit_pdf` for a PDF, :func:`audit_docx` for anything else."""
    if is_pdf(path):
        return audit_pdf(path, profile)
    if Path(path).suffix.lower() == ".pdf" and Path(path).is_file():
        raise AuditError(f"{path}: not a PDF (it does not begin with %PDF-)")
    if Path(path).suffix.lower() == ".pdf":
        return audit_pdf(path, profile)
    return audit_docx(path, profile, render=render)

"""``supervisio audit FILE``: GB/T 9704-2012 checks of a .docx (XML, and its PDF through LibreOffice)
or of a PDF (docs/audit.md). Exit 0 when every check that ran passed, 1 when one failed, 2 when the
file cannot be read."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_commands"]


def add_commands(commands: Any) -> None:
    """Declare ``audit``."""
    command = commands.add_parser(
        "audit", help="check a .docx or PDF against GB/T 9704-2012 (ours or made in Word, WPS, pandoc)",
        description="Check a .docx (its XML, and its PDF rendered by LibreOffice when installed) or a PDF "
                    "against GB/T 9704-2012: page, margins, fonts and sizes, line pitch, 28 characters "
                    "× 22 lines, page numbers, 版记. Exit 0: all pass; 1: a check failed; 2: unreadable.",
    )
    command.add_argument("file", metavar="FILE", help="a .docx or a .pdf")
    command.add_argument("--profile", choices=("word", "strict"), default="word",
                         help="page geometry: word (37/35 mm margins, default) or strict (ink block "
                              "156×225 mm)")
    command.add_argument("--json", action="store_true", help="print the checks as a JSON list")
    command.add_argument("--xml-only", action="store_true",
                         help="a .docx: only the XML checks (no LibreOffice; the PDF checks show as skipped)")
    command.set_defaults(run=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    from supervisio.audit import audit
    from supervisio.audit.report import as_json, as_text

    report = audit(args.file, args.profile, render=not args.xml_only)
    sys.stdout.write(as_json(report) if args.json else as_text(report))
    return report.exit_status

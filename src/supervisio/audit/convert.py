"""A .docx to PDF through LibreOffice, with the audit's own ``fonts.conf`` (docs/audit.md).

The conversion runs in a fresh temporary LibreOffice profile (a running LibreOffice of the user's is
neither used nor disturbed) with ``FONTCONFIG_FILE`` pointing at ``fonts.conf`` beside this module, so
that 仿宋_GB2312, 楷体_GB2312, 黑体 and 方正小标宋简体 land on free stand-ins instead of a sans default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from supervisio.audit.checks import AuditError

__all__ = ["FONTS_CONF", "SOFFICE", "convert_to_pdf", "soffice"]

FONTS_CONF = Path(__file__).with_name("fonts.conf")
SOFFICE = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 300


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in SOFFICE:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(documents: Sequence[Path], outdir: Path) -> list[Path]:
    """Turn ``documents`` into PDFs in ``outdir`` with one LibreOffice run; the PDFs, in order."""
    program = soffice()
    if program is None:
        raise AuditError("LibreOffice (soffice) is not installed: cannot render the .docx to PDF")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="supervisio-lo-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), *map(str, documents)]
        try:
            result = subprocess.run(command, env=env, capture_output=True, text=True,
                                    timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise AuditError(f"LibreOffice took more than {TIMEOUT_SECONDS} s to convert "
                             f"{', '.join(map(str, documents))}") from None
    pdfs = [outdir / (Path(d).stem + ".pdf") for d in documents]
    missing = [str(d) for d, pdf in zip(documents, pdfs) if not pdf.is_file()]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise AuditError(f"{missing[0]}: LibreOffice made no PDF of it"
                         + (f" ({detail[-1]})" if detail else ""))
    return pdfs

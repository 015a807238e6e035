"""An audit report as text (one line per check) or JSON (a list of objects), docs/audit.md."""

from __future__ import annotations

import json

from supervisio.audit.checks import AuditReport, Check

__all__ = ["as_json", "as_text"]

_MARK = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}


def _value(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _line(check: Check) -> str:
    if check.status == "skip":
        return f"{_MARK['skip']}  [{check.source}] {check.name}: not run ({check.note})"
    text = (f"{_MARK[check.status]}  [{check.source}] {check.name}: {_value(check.measured)}"
            f"  (expected {check.expected})")
    return text + (f"  — {check.note}" if check.note else "")


def as_text(report: AuditReport) -> str:
    """The checks, one a line, then a summary line (and why checks were skipped)."""
    lines = [f"{report.file}: GB/T 9704-2012 audit, {report.profile} profile"]
    lines += [_line(check) for check in report.checks]
    passed, failed, skipped = len(report.passed), len(report.failed), len(report.skipped)
    verdict = "FAIL" if failed else "PASS"
    summary = f"result: {verdict} ({passed} passed, {failed} failed, {skipped} skipped)"
    lines.append(summary)
    lines += [f"note: {why}" for why in report.skipped_because]
    return "\n".join(lines) + "\n"


def as_json(report: AuditReport) -> str:
    """A JSON list of the checks: ``check``, ``source``, ``status``, ``ok``, ``measured``,
    ``expected``, ``note`` (and ``file``, ``profile``)."""
    items = [{"file": report.file, "profile": report.profile, **check.as_json()} for check in report.checks]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"

"""The docx renderer object that supervisio finds through the plugin hook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the plugin loads nothing it does not need
    from supervisio.doctree.nodes import Document
    from supervisio.renderers.base import RenderOptions

__all__ = ["DocxRenderer"]


class DocxRenderer:
    """GB/T 9704-2012 Word documents (工作汇报, 工作简报, 工作提示, 督导意见, 整改通知, 问题台账).

    Follows GB/T 9704 as docs/gbt9704.md sets it out: A4 with the ``word`` or ``strict`` page profile, a
    3号仿宋 body of 22 lines × 28 characters, East Asian faces named in full in every style,
    odd/even page numbers "— N —", ledgers as fixed-width tables with repeated headers, and the
    版记/报尾 pinned to the foot of the last page.
    """

    name = "docx"
    suffix = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The bytes of the .docx file for ``document``."""
        from supervisio_docx.package import render_docx

        return render_docx(document, options)

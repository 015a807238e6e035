"""What a renderer is, and the options every renderer receives.

A renderer is any object with a ``name`` (``docx``), a ``suffix`` (``.docx``), a ``media_type`` and a
``render(document, options) -> bytes`` method. It takes the finished tree — headings numbered, transforms
applied — and never tokens or templates. It returns bytes rather than writing a file, so that callers can
stream, store or write atomically as they need.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import attrs

from supervisio.doctree.nodes import Document
from supervisio.domain.campaign import DocumentSettings

__all__ = ["Profile", "RenderOptions", "Renderer"]

Profile = Literal["word", "strict"]


@attrs.frozen(kw_only=True)
class RenderOptions:
    """How to render, beyond the document itself.

    - ``profile``: the GB/T 9704 page geometry. ``word`` (margins 37/35/28/26 mm, exact 28.95 pt lines: what
      Word and WPS templates do) or ``strict`` (the printed ink block exactly 156 × 225 mm).
    - ``sealed``: the signature layout for a sealed document (7.3.5.1) instead of an unsealed one (7.3.5.2).
    - ``bold_level3``: a local rule that sets the third heading level (1.) in bold.
    - ``latin_font``: a face for Latin letters and digits (Times New Roman in many offices); None keeps the
      Chinese face for them.
    """

    profile: Profile = "word"
    sealed: bool = False
    bold_level3: bool = False
    latin_font: str | None = None

    @classmethod
    def from_settings(cls, settings: DocumentSettings) -> RenderOptions:
        """The options a campaign file asks for (``[campaign.settings.documents]``)."""
        return cls(
            profile=settings.profile,
            sealed=settings.sealed,
            bold_level3=settings.bold_level3,
            latin_font=settings.latin_font,
        )


@runtime_checkable
class Renderer(Protocol):
    """The renderer interface (a structural type: no base class to inherit)."""

    name: str
    suffix: str
    media_type: str

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The bytes of ``document`` in this renderer's format."""
        ...

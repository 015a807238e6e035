"""What a renderer is. Its options (:class:`RenderOptions`) are the document settings, defined once in
:mod:`supervisio.document_settings`, below both the domain and the renderers.

A renderer is any object with a ``name`` (``docx``), a ``suffix`` (``.docx``), a ``media_type`` and a
``render(document, options) -> bytes`` method. It takes the finished tree — headings numbered, transforms
applied — and never tokens or templates. It returns bytes rather than writing a file, so that callers can
stream, store or write atomically as they need.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from supervisio.doctree.nodes import Document
from supervisio.document_settings import Profile, RenderOptions

__all__ = ["Profile", "RenderOptions", "Renderer"]


@runtime_checkable
class Renderer(Protocol):
    """The renderer interface (a structural type: no base class to inherit)."""

    name: str
    suffix: str
    media_type: str

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The bytes of ``document`` in this renderer's format."""
        ...

"""The error every template failure becomes; in a module of its own so that the loader can raise it too."""

from __future__ import annotations

from supervisio.errors import SupervisioError

__all__ = ["TemplateError"]


class TemplateError(SupervisioError):
    """A template that cannot be found, read, parsed or rendered; the message names the template and line."""

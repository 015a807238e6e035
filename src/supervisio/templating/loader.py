"""A template folder that reads only what is inside it, only text, and only a template's worth of it.

``--templates DIR`` is often a folder shared with others, or unpacked from an archive: a symbolic link in it
that leads elsewhere (``report.md.j2 -> /etc/shadow``, ``sub -> /``) would make a document out of whatever
it points to, so a link that leaves the folder is refused, naming the link. A link that stays inside is
followed. A template must be UTF-8 (a byte order mark is dropped); one that is not is refused with the
line and column of the first bad byte, rather than a UnicodeDecodeError. A template larger than
:data:`MAX_TEMPLATE_BYTES` is refused before it is read: no template needs a mebibyte, and compiling a huge
one costs memory out of proportion to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import jinja2
from jinja2.loaders import split_template_path

from supervisio.templating.errors import TemplateError

__all__ = ["MAX_TEMPLATE_BYTES", "ContainedLoader"]

MAX_TEMPLATE_BYTES = 1 << 20


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # another drive (Windows)
        return False


class ContainedLoader(jinja2.FileSystemLoader):
    """:class:`jinja2.FileSystemLoader` that refuses links leading out of its folders and non-UTF-8 files."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if not os.path.lexists(filename):
                continue
            _refuse_links_out(folder, pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        text = _read_text(filename)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


def _refuse_links_out(folder: str, pieces: list[str]) -> None:
    """Refuse the path ``folder/pieces…`` when one of its parts is a link that leads out of ``folder``."""
    root = os.path.realpath(folder)
    path = folder
    for piece in pieces:
        path = os.path.join(path, piece)
        if os.path.islink(path) and not _inside(os.path.realpath(path), root):
            raise TemplateError(
                f"{path}: a link to {os.readlink(path)}, outside the template folder {folder}; "
                "templates are read only from inside it (copy the file into the folder)"
            )


def _read_text(filename: str) -> str:
    """The template's text; a TemplateError naming the file when it is too big, unreadable or not UTF-8."""
    try:
        with open(filename, "rb") as stream:
            raw = stream.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise TemplateError(f"{filename}: cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"{filename}: larger than {MAX_TEMPLATE_BYTES // 1024} KiB; a template is a page of text, "
            "not data"
        )
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise TemplateError(
            f"{filename}:{line}:{column}: not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save the template as UTF-8"
        ) from None

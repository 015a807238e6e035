"""The template environment: sandboxed Jinja2 that writes Markdown, escaping every value by default.

- **Sandboxed** (:class:`jinja2.sandbox.SandboxedEnvironment`): user templates cannot reach Python internals.
- **Strict**: an undefined name is an error (:class:`jinja2.StrictUndefined`), never an empty string.
- **Escaped**: every ``{{ value }}`` is escaped for Markdown (``finalize``), so a ``*``, ``#``, ``|``, ``_`` or
  ``<`` in a record stays that character in every output. Template text itself is Markdown; a value that is
  Markdown on purpose is marked ``{{ text | safe }}``. None prints as nothing.
- **Layered**: a name is looked up in the user's folder, then the plugins' folders, then the built-ins;
  ``{% extends "builtin:report.md.j2" %}`` always reaches the built-in, so an override can extend it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import SandboxedEnvironment

from supervisio.errors import SupervisioError
from supervisio.templating.filters import FILTERS

__all__ = ["BUILTIN_TEMPLATES", "TemplateError", "make_environment", "render_template"]

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
"""The folder of the built-in templates (package data)."""


class TemplateError(SupervisioError):
    """A template that cannot be found, parsed or rendered; the message names the template and the line."""


def _finalize(value: Any) -> str:
    from supervisio.doctree.markdown_syntax import escape_text

    if value is None:
        return ""
    if isinstance(value, markupsafe.Markup):
        return str(value)
    return escape_text(str(value))


def make_environment(
    user_dir: str | Path | None = None, plugin_dirs: Iterable[Path] = ()
) -> SandboxedEnvironment:
    """A fresh environment searching ``user_dir``, then ``plugin_dirs``, then the built-in templates."""
    builtin = jinja2.FileSystemLoader(BUILTIN_TEMPLATES)
    searched: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": builtin}, delimiter=":")]
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(f"{user_dir}: the template folder does not exist")
        searched.append(jinja2.FileSystemLoader(user_dir))
    searched.extend(jinja2.FileSystemLoader(folder) for folder in plugin_dirs)
    searched.append(builtin)
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(searched),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    # front matter written with |tojson stays readable Chinese (JSON strings are YAML scalars)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


def _describe(name: str | None, filename: str | None) -> str:
    if filename:
        path = Path(filename)
        try:
            return f"builtin:{path.relative_to(BUILTIN_TEMPLATES)}"
        except ValueError:
            return str(path)
    return name or "<template>"


def _template_line(error: BaseException) -> tuple[str, int] | None:
    """The innermost template frame of a render error: (template, line)."""
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2") or frame.filename.startswith("<template"):
            found = (_describe(None, frame.filename), frame.lineno or 0)
    return found


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; any failure is a TemplateError naming the template and the line."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        where = _describe(error.name, error.filename)
        raise TemplateError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template {error.name!r} not found") from None
    try:
        return template.render(context)
    except jinja2.TemplateSyntaxError as error:  # raised by an {% include %} or {% extends %} target
        where = _describe(error.name, error.filename)
        raise TemplateError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"{_describe(name, template.filename)}: template {error.name!r} not found") from None
    except SupervisioError:
        raise
    except Exception as error:
        place = _template_line(error)
        where = f"{place[0]}:{place[1]}" if place else _describe(name, template.filename)
        message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
        raise TemplateError(f"{where}: {type(error).__name__}: {message}") from None

"""The template environment: sandboxed Jinja2 that writes Markdown, escaping every value by default.

- **Sandboxed** (:class:`jinja2.sandbox.SandboxedEnvironment`): user templates cannot reach Python internals.
- **Strict**: an undefined name is an error (:class:`jinja2.StrictUndefined`), never an empty string.
- **Escaped**: every ``{{ value }}`` is escaped for Markdown (``finalize``), so a ``*``, ``#``, ``|``, ``_`` or
  ``<`` in a record stays that character in every output. Template text itself is Markdown; a value that is
  Markdown on purpose is marked ``{{ text | safe }}``. None prints as nothing.
- **Layered** (:mod:`.search_path`): a name is looked up in the user's folder, then the plugins' folders,
  then the built-ins; ``{% extends "builtin:report.md.j2" %}`` always reaches the built-in and
  ``{% extends "next:roster.md.j2" %}`` the next template of that name down the path, so an override can
  extend a built-in or a plugin's template; its blocks must be blocks of what it extends.
- **Contained** (:mod:`.loader`): a template is UTF-8 text read from inside its folder (a link leading out
  of the folder is refused).
- **Limited** (:mod:`.sandbox`, :mod:`.limits`): a rendering that loops for ever or grows without bound is
  stopped with the template and line, before it hangs the command or exhausts memory.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from supervisio.errors import SupervisioError
from supervisio.templating import limits as template_limits
from supervisio.templating.block_output import MarkdownContext
from supervisio.templating.errors import TemplateError
from supervisio.templating.filters import FILTERS
from supervisio.templating.limits import LimitExceeded, RenderLimits
from supervisio.templating.loader import ContainedLoader
from supervisio.templating.sandbox import LimitedSandbox
from supervisio.templating.search_path import SearchPath

__all__ = ["BUILTIN_TEMPLATES", "TemplateError", "make_environment", "render_template"]

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
"""The folder of the built-in templates (package data)."""


def _finalize(value: Any) -> str:
    from supervisio.doctree.markdown_syntax import escape_text

    if value is None:
        return ""
    if isinstance(value, markupsafe.Markup):
        return str(value)
    return escape_text(str(value))


def make_environment(
    user_dir: str | Path | None = None,
    plugin_dirs: Iterable[Path] = (),
    *,
    limits: RenderLimits | None = None,
) -> LimitedSandbox:
    """A fresh environment searching ``user_dir``, then ``plugin_dirs``, then the built-in templates.

    ``limits`` bound each rendering (:mod:`supervisio.templating.limits`); by default
    :data:`~supervisio.templating.limits.DEFAULT_LIMITS`, read when the environment is made.
    """
    builtin = ContainedLoader(BUILTIN_TEMPLATES)
    searched: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(f"{user_dir}: the template folder does not exist")
        searched.append(ContainedLoader(user_dir))
    searched.extend(ContainedLoader(folder) for folder in plugin_dirs)
    searched.append(builtin)
    search_path = SearchPath(searched)  # builtin: and next: prefixes, override blocks checked
    env = LimitedSandbox(
        loader=search_path,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        limits=limits or template_limits.DEFAULT_LIMITS,
    )
    search_path.attach(env)
    env.context_class = MarkdownContext  # {{ super() }} is a parent block's Markdown, not data to escape
    env.filters.update(FILTERS)
    env.guard_filters()
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
    """Render template ``name``; any failure is a TemplateError naming the template and the line.

    With a :class:`LimitedSandbox` (what :func:`make_environment` makes), the rendering gets a fresh
    allowance of steps, time and size, and filters a plugin added since are brought under it.
    """
    if isinstance(env, LimitedSandbox):
        env.guard_filters()
        env.budget.start()
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        where = _describe(error.name, error.filename)
        raise TemplateError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template {error.name!r} not found") from None
    except SupervisioError:
        raise
    except Exception as error:  # a template nested too deep to compile, memory …
        raise TemplateError(f"{name}: cannot be compiled: {_reason(error)}") from None
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
        raise TemplateError(f"{where}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    """What went wrong, in a line: the limit's own words, else the exception's type and message."""
    if isinstance(error, LimitExceeded):
        return str(error)
    if isinstance(error, MemoryError):
        return "MemoryError: the template needs more memory than there is"
    message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
    return f"{type(error).__name__}: {message}"

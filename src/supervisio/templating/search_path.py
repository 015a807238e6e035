"""The template search path: the user's folder, the plugins' folders, the built-ins; and how to reach past one.

A name is looked up folder by folder, first match wins, so a file of the same name *replaces* a template
further down the path. To *extend* it instead, an override names its parent with a prefix:

- ``builtin:report.md.j2`` is always the built-in template (the last folder);
- ``next:roster.md.j2`` is the next template of that name *after the folder of the template that says
  it*: a user's ``roster.md.j2`` extends a plugin's, a plugin's ``report.md.j2`` extends the built-in one,
  and a chain of overrides each extends the one below it. It needs a template that says it, so it is for
  ``{% extends %}``, ``{% include %}`` and ``{% import %}``.

Jinja2 resolves a name relative to the template that uses it through ``Environment.join_path``;
:meth:`SearchPath.attach` makes the environment use :meth:`SearchPath.join_path`, which turns
``next:NAME`` into an internal name saying which folder to start from (``next[2]:NAME``).

An override that extends a parent is checked when it is loaded: each of its blocks must be a block of the
parent (or of the parent's own parents). Jinja2 silently ignores a block the parent does not have, so a
misspelt ``{% block nextsteps %}`` would leave the document unchanged without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import jinja2
from jinja2 import nodes

from supervisio.templating.errors import TemplateError

__all__ = ["BUILTIN_PREFIX", "NEXT_PREFIX", "SearchPath"]

BUILTIN_PREFIX = "builtin:"
NEXT_PREFIX = "next:"
_FROM_FOLDER = re.compile(r"^next\[(\d+)\]:(.+)$")
"""The internal name ``next[k]:NAME``: NAME looked up from folder ``k`` of the search path on."""

_Source = tuple[str, str | None, Callable[[], bool] | None]


class SearchPath(jinja2.BaseLoader):
    """Templates from ``folders`` in order; the last folder holds the built-in templates."""

    def __init__(self, folders: Sequence[jinja2.BaseLoader]) -> None:
        if not folders:
            raise ValueError("a search path needs at least the built-in templates")
        self.folders = tuple(folders)
        self._parents: dict[str, str | None] = {}
        self._loading: list[str] = []

    # ------------------------------------------------------------------------------------ names

    def _start_and_name(self, template: str) -> tuple[int, str]:
        """Which folder to look from, and the plain name to look for."""
        if template.startswith(BUILTIN_PREFIX):
            return len(self.folders) - 1, template[len(BUILTIN_PREFIX):]
        match = _FROM_FOLDER.match(template)
        if match:
            return int(match.group(1)), match.group(2)
        if template.startswith(NEXT_PREFIX):
            raise TemplateError(
                f"{template!r}: '{NEXT_PREFIX}' names the template after the one that uses it, so it "
                "can only be used in {% extends %}, {% include %} or {% import %}"
            )
        return 0, template

    def _find(self, environment: jinja2.Environment, template: str) -> tuple[int, _Source]:
        start, name = self._start_and_name(template)
        for index in range(start, len(self.folders)):
            try:
                return index, self.folders[index].get_source(environment, name)
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(f"{NEXT_PREFIX}{name}" if _FROM_FOLDER.match(template) else template)

    def folder_of(self, environment: jinja2.Environment, template: str) -> int:
        """The index of the folder ``template`` is read from."""
        return self._find(environment, template)[0]

    def join_path(self, environment: jinja2.Environment, template: str, parent: str) -> str:
        """``template`` as named from inside ``parent``: ``next:NAME`` becomes the next folder's NAME."""
        if not template.startswith(NEXT_PREFIX):
            return template
        name = template[len(NEXT_PREFIX):]
        after = self.folder_of(environment, parent) + 1
        if after >= len(self.folders):
            raise TemplateError(
                f"{parent}: {template!r}: no template comes after a built-in one on the search path"
            )
        return f"next[{after}]:{name}"

    def attach(self, environment: jinja2.Environment) -> None:
        """Make ``environment`` resolve ``next:`` names against the template that uses them."""

        def join_path(template: str, parent: str) -> str:
            return self.join_path(environment, template, parent)

        environment.join_path = join_path  # type: ignore[method-assign]

    # ------------------------------------------------------------------------------------ loading

    def get_source(self, environment: jinja2.Environment, template: str) -> _Source:
        _, source = self._find(environment, template)
        if template in self._loading:
            chain = " → ".join([*self._loading[self._loading.index(template):], template])
            raise TemplateError(
                f"{source[1] or template}: extends itself ({chain}); to extend the template it "
                f"replaces, write {{% extends \"{NEXT_PREFIX}{self._start_and_name(template)[1]}\" %}}"
            )
        self._loading.append(template)
        try:
            self._check_blocks(environment, template, source[0], source[1])
        finally:
            self._loading.pop()
        return source

    def _check_blocks(self, environment: jinja2.Environment, name: str, text: str, filename: str | None) -> None:
        """Refuse an override whose blocks are not all blocks of the template it extends."""
        tree = environment.parse(text, name, filename)
        extends = tree.find(nodes.Extends)
        if extends is None or not isinstance(extends.template, nodes.Const):
            self._parents[name] = None
            return
        parent = environment.join_path(str(extends.template.value), name)
        self._parents[name] = parent
        available = self._blocks_of(environment, parent)
        for block in _outer_blocks(tree):
            if block.name not in available:
                raise TemplateError(
                    f"{filename or name}:{block.lineno}: block {block.name!r} is not a block of "
                    f"{extends.template.value}, so it would change nothing; its blocks are: "
                    f"{', '.join(available) or 'none'}"
                )

    def _blocks_of(self, environment: jinja2.Environment, name: str) -> list[str]:
        """The blocks of template ``name`` and of the templates it extends, in order."""
        template = environment.get_template(name)  # loads it through get_source: its parent is known then
        ancestor = self._parents.get(name)
        blocks = self._blocks_of(environment, ancestor) if ancestor else []
        return blocks + [block for block in template.blocks if block not in blocks]


def _outer_blocks(tree: nodes.Template) -> list[nodes.Block]:
    """The blocks of ``tree`` that are not inside another block (those are the override's own blocks)."""
    inner = {id(block) for outer in tree.find_all(nodes.Block) for block in outer.find_all(nodes.Block)}
    return [block for block in tree.find_all(nodes.Block) if id(block) not in inner]

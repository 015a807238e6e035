"""YAML campaign files read safely: YAML 1.2's booleans, no duplicate keys, no alias bombs, located errors.

PyYAML's safe loader is safe from code execution, not from mistakes or from bombs:

- under YAML 1.1 a bare ``on:`` key (every dated record has one) is the boolean True, ``no`` is False;
- a key written twice is silently the last one (TOML refuses it; so do we, with both lines);
- an impossible date (``2022-02-30``, an hour 25) or a whole number of thousands of digits raises a bare
  ``ValueError`` from inside the constructor, without a position;
- aliases are shared, not copied, so a 394-byte "billion laughs" loads at once, but whatever walks the value
  (a message quoting it, a type check) walks 10⁹ items. Aliases are allowed, but what they expand to is
  counted on the composed nodes before anything is constructed, and a file that grows past
  :data:`EXPANSION_ALLOWANCE` is refused.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from supervisio.errors import excerpt

__all__ = ["EXPANSION_ALLOWANCE", "load_yaml"]

EXPANSION_ALLOWANCE = 100_000
"""Aliases may add this many values to a file, plus ten times the values it writes out: room for every
anchor a person writes by hand (a team reused in each activity, ``<<: *defaults`` in each problem),
nowhere near the 10⁹ of a bomb."""

_MERGE = "tag:yaml.org,2002:merge"
_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """The base loader's implicit resolvers less YAML 1.1's booleans (yes, no, on, off …)."""
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:bool"]
        for first, entries in _BASE.yaml_implicit_resolvers.items()
    }


_CHECKED = "_checked"


class CampaignLoader(_BASE):  # type: ignore[misc]
    """The safe loader (libyaml's when present) with the checks this module's docstring lists."""

    yaml_implicit_resolvers = _resolvers()

    def flatten_mapping(self, node: MappingNode) -> None:
        # The first flattening of a mapping sees the keys as written (merging then adds the merged ones,
        # which may rightly override): the place to find a key written twice.
        if not getattr(node, _CHECKED, False):
            setattr(node, _CHECKED, True)  # a mark on PyYAML's node: its class declares no such field
            first_line: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE:
                    key = (key_node.tag, key_node.value)
                    if key in first_line:
                        raise ConstructorError(
                            None, None,
                            f"the key {excerpt(key_node.value)} is written twice (first on line "
                            f"{first_line[key]}); YAML would keep only the last one",
                            key_node.start_mark,
                        )
                    first_line[key] = key_node.start_mark.line + 1
        super().flatten_mapping(node)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ConstructorError(
                None, None, f"{excerpt(node.value)} is not a day (or time) of the calendar: {error}",
                node.start_mark,
            ) from None

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            digits = sum(char.isdigit() for char in node.value)
            raise ConstructorError(
                None, None, f"a number of {digits:,} digits is too long to be read", node.start_mark
            ) from None


CampaignLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CampaignLoader.add_constructor("tag:yaml.org,2002:timestamp", CampaignLoader.construct_yaml_timestamp)
CampaignLoader.add_constructor("tag:yaml.org,2002:int", CampaignLoader.construct_yaml_int)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: Node) -> None:
    """Refuse a document whose aliases expand it past the allowance, or that refers to itself.

    Each node's expanded size (itself and all it holds, an alias counted as the whole node it names) is
    computed once, in post-order, so the walk is linear in the nodes written even when the expansion is
    astronomical.
    """
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise ConstructorError(None, None, "an alias refers to a value that holds it", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    allowed = 10 * len(size) + EXPANSION_ALLOWANCE
    if size[id(root)] > allowed:
        # Point at the innermost value that grows past the allowance: the anchor that does the damage.
        over = [node for node in _walk(root) if size[id(node)] > allowed]
        innermost = [node for node in over if all(size[id(c)] <= allowed for c in _children(node))]
        culprit = min(innermost or over, key=lambda node: node.start_mark.index)
        raise ConstructorError(
            None, None,
            f"aliases (*name) expand this value to more than {allowed:,} values (an alias bomb?); "
            "write the values out instead",
            culprit.start_mark,
        )


def _walk(root: Node) -> list[Node]:
    """Every node written in the document, once."""
    seen: dict[int, Node] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(_children(node))
    return list(seen.values())


def load_yaml(text: str) -> Any:
    """The plain data of a YAML document; yaml.YAMLError (with a mark) for anything refused."""
    loader = CampaignLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text:  # no anchor, no alias: nothing to expand
            _check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()

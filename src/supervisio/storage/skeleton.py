"""The blank campaign file ``supervisio init`` writes: a valid, commented skeleton for a group's secretary.

The TOML and YAML skeletons are written by hand, because their value is in the comments (in Chinese: what
each key means, which words a vocabulary takes, a commented example of every record list). JSON holds no
comments, so the JSON skeleton is made from the TOML one, key for key, and cannot drift from it; the tests
check that the TOML and YAML skeletons, with and without their examples uncommented, hold the same data.

Editing a skeleton, keep its one convention: a commented example line is ``# `` followed by the code (ASCII:
a key, ``[[``, ``-``, indentation), an explanation is ``# `` followed by Chinese. The secretary switches an
example on by deleting its ``# ``; the tests do the same, by that rule, and load the result.
"""

from __future__ import annotations

from importlib import resources

from supervisio.storage.formats import Format, decode, encode

__all__ = ["SKELETON_SOURCE", "skeleton_bytes", "skeleton_folder"]

SKELETON_SOURCE = "supervisio:data/skeleton/campaign.toml"
"""How error messages name the embedded skeleton."""


def _shipped(name: str) -> bytes:
    return resources.files("supervisio").joinpath("data", "skeleton", name).read_bytes()


def skeleton_bytes(fmt: Format = "toml") -> bytes:
    """The skeleton campaign file in ``fmt`` (toml, yaml or json), as ``supervisio init`` writes it.

    JSON keeps every key the TOML skeleton spells out, defaults included (``yellow_days = 3`` …), so that
    a JSON file shows the settings there are to change, as the commented files do.
    """
    if fmt == "toml":
        return _shipped("campaign.toml")
    if fmt == "yaml":
        return _shipped("campaign.yaml")
    if fmt == "json":
        return encode(decode(_shipped("campaign.toml"), "toml", SKELETON_SOURCE), "json")
    raise ValueError(f"unknown format {fmt!r}: use toml, json or yaml")


def skeleton_folder() -> dict[str, bytes]:
    """The skeleton campaign folder ``supervisio init DIR/`` writes, by path inside the folder: the
    definition ``campaign.toml`` and ``groups/group-01.toml``, commented like the single-file skeleton and
    holding the same data (a test loads both)."""
    from supervisio.storage.folder import folder_parts

    parts, _ = folder_parts(resources.files("supervisio").joinpath("data", "skeleton", "folder"), "")
    return {part.source: part.raw for part in parts}

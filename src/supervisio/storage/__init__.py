"""Storage at the edges: campaign files (TOML, JSON, YAML) through one converter, written atomically."""

from supervisio.storage.campaign_files import FORMAT_TAG, dump, dumps, load, loads, save
from supervisio.storage.converter import converter
from supervisio.storage.skeleton import skeleton_bytes

__all__ = ["FORMAT_TAG", "converter", "dump", "dumps", "load", "loads", "save", "skeleton_bytes"]

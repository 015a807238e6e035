"""The document tree (nodes), its Markdown reader and the Chinese heading numbering."""

from supervisio.doctree.nodes import *  # noqa: F403 (the node classes are this package's API)
from supervisio.doctree.nodes import __all__ as _nodes

__all__ = list(_nodes)

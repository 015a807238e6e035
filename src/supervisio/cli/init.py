"""``supervisio init``: start a campaign file, from a commented skeleton or from the demo.

It is a secretary's first command, and the one most likely to be given the name of a file that already
holds months of records. So it never overwrites: the file is checked for and created in one step
(:func:`supervisio.storage.atomic.write_new`), and every way of failing is one line naming the path.
"""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supervisio.cli.common import EXIT_OK

if TYPE_CHECKING:
    from supervisio.storage.formats import Format

__all__ = ["add_commands", "run_init"]


def add_commands(commands: Any) -> None:
    """Declare ``init``."""
    init = commands.add_parser(
        "init",
        help="write a new campaign file: a commented skeleton to fill in, or the demo",
        description=(
            "Write a new campaign file at PATH in the format its suffix names (.toml, .yaml, .yml, .json): "
            "a skeleton with comments (in Chinese) and an example of every kind of record, or with --demo "
            "the embedded demo campaign. An existing file is never overwritten."
        ),
    )
    init.add_argument("path", metavar="PATH", help="the file to create; its suffix names the format")
    init.add_argument(
        "--demo", action="store_true", help="write the embedded demo campaign instead of the skeleton"
    )
    init.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Write the skeleton (or the demo) to PATH and say what to run next; errors are located, exit 2."""
    from supervisio.storage.formats import format_for

    path: str = args.path
    fmt = format_for(path)
    command = f"supervisio check {shlex.quote(path)}"
    if args.demo:
        from supervisio.demo import DEMO_AS_OF

        data = _demo_bytes(fmt)
        done = f"the demo campaign ({fmt.upper()}); try: {command} --as-of {DEMO_AS_OF.isoformat()}"
    else:
        from supervisio.storage.skeleton import skeleton_bytes

        data = skeleton_bytes(fmt)
        if fmt == "json":
            kind = "a campaign skeleton (JSON holds no comments: a .toml skeleton has them)"
        else:
            kind = f"a commented campaign skeleton ({fmt.upper()})"
        done = f"{kind}; fill it in, then run: {command}"
    _create(path, data)
    print(f"wrote {path}: {done}")
    return EXIT_OK


def _demo_bytes(fmt: Format) -> bytes:
    """The demo as shipped (with its comments) for TOML; loaded and written out for the other formats."""
    from supervisio.demo import demo_bytes, load_demo

    if fmt == "toml":
        return demo_bytes()
    from supervisio.storage import dumps

    return dumps(load_demo(), fmt)


def _create(path: str, data: bytes) -> None:
    """Create ``path``; each reason it cannot be created becomes a located error naming the path."""
    from supervisio.errors import CampaignFileError, Located
    from supervisio.storage.atomic import write_new

    def refuse(message: str) -> CampaignFileError:
        return CampaignFileError([Located(path, "", message)])

    folder = Path(os.path.dirname(path) or ".")
    try:
        write_new(path, data)
    except FileExistsError:
        if os.path.isdir(path):
            raise refuse("is a folder; give the name of the campaign file to create") from None
        raise refuse(
            "already exists; supervisio init never overwrites a file: choose another name"
        ) from None
    except FileNotFoundError:
        raise refuse(f"cannot be created: the folder {folder} does not exist") from None
    except NotADirectoryError:
        raise refuse(f"cannot be created: {_not_a_folder(folder)} is a file, not a folder") from None
    except PermissionError:
        raise refuse(f"cannot be created: no permission to write in the folder {folder}") from None
    except OSError as error:
        raise refuse(f"cannot be created: {error.strerror or error}") from None


def _not_a_folder(folder: Path) -> Path:
    """The first part of ``folder`` that exists as something other than a folder (a file in the way)."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return part
    return folder

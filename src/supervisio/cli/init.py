"""``supervisio init``: start a campaign file or folder, from a commented skeleton or from the demo.

A PATH ending in ``/`` (or an existing empty folder) starts a campaign folder (:mod:`supervisio.storage.
folder`): the definition ``campaign.toml`` and one file per group under ``groups/``.

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
            "the embedded demo campaign. A PATH without a suffix (city), ending in / or naming an existing "
            "empty folder makes a campaign folder instead: campaign.toml (the campaign's definition) and one file per group under groups/. "
            "An existing file is never overwritten."
        ),
    )
    init.add_argument(
        "path", metavar="PATH",
        help="the file to create (its suffix names the format), or a folder: a name without a suffix",
    )
    init.add_argument(
        "--demo", action="store_true", help="write the embedded demo campaign instead of the skeleton"
    )
    init.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Write the skeleton (or the demo) to PATH and say what to run next; errors are located, exit 2."""
    from supervisio.storage.formats import format_for

    path: str = args.path
    # a folder: PATH/, an existing folder, or a name without any suffix (`init city --demo`)
    if (path.endswith(("/", os.sep)) or (os.path.isdir(path) and not _campaign_suffix(path))
            or not os.path.splitext(os.path.basename(path))[1]):
        return _init_folder(path, args.demo)
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


def _campaign_suffix(path: str) -> bool:
    return path.lower().endswith((".toml", ".json", ".yaml", ".yml"))


def _init_folder(path: str, demo: bool) -> int:
    """Create the folder ``path`` (or fill an empty one) with the demo's files or the skeleton folder's."""
    from supervisio.errors import CampaignFileError, Located

    folder = path.rstrip("/" + os.sep) or path
    if demo:
        from supervisio.demo import DEMO_AS_OF, demo_files

        files = demo_files()
        groups = len(files) - 1
        done = (f"the demo campaign as a folder (campaign.toml and {groups} group files); "
                f"try: supervisio check {shlex.quote(folder)} --as-of {DEMO_AS_OF.isoformat()}")
    else:
        from supervisio.storage.skeleton import skeleton_folder

        files = skeleton_folder()
        done = ("a commented campaign folder (campaign.toml and groups/group-01.toml); fill it in, then run: "
                f"supervisio check {shlex.quote(folder)}")
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise CampaignFileError([Located(folder, "", "already exists and is not a folder")]) from None
        if os.listdir(folder):
            raise CampaignFileError([Located(
                folder, "", "already exists and is not empty; supervisio init never overwrites: choose another name"
            )]) from None
    except FileNotFoundError:
        parent = os.path.dirname(folder) or "."
        raise CampaignFileError([Located(
            folder, "", f"cannot be created: the folder {parent} does not exist"
        )]) from None
    except OSError as error:
        raise CampaignFileError([Located(folder, "", f"cannot be created: {error.strerror or error}")]) from None
    for relative, data in files.items():
        target = os.path.join(folder, *relative.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _create(target, data)
    print(f"wrote {folder}/: {done}")
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

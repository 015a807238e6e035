"""The ``supervisio`` command.

Bad input (a broken file, an unknown group, kind or format, a failing template or plugin, an output that
cannot be written) is reported as a located message on stderr, without a traceback, with exit status 2;
Ctrl-C as one line, with status 130. Heavy modules are imported inside the
commands, so that ``supervisio --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from supervisio._version import __version__
from supervisio.cli import audit, documents, init, ledger, records
from supervisio.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, BadInput

__all__ = ["main"]

EXIT_INTERRUPTED = 130
"""128 + SIGINT: the status a shell gives a command stopped by Ctrl-C."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supervisio",
        description="Records, rules and documents for supervision groups (巡回督导组).",
    )
    parser.add_argument("--version", action="version", version=f"supervisio {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init.add_commands(commands)
    records.add_commands(commands)
    documents.add_commands(commands)
    ledger.add_commands(commands)
    audit.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 findings with --strict, 2 bad input)."""
    args = _parser().parse_args(argv)
    from supervisio.errors import SupervisioError

    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except (SupervisioError, BadInput) as error:
        print(f"supervisio: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (``| head``) left early: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        # Ctrl-C: files being written were left as they were (storage.atomic); say so in one line and
        # exit as a shell reports a process stopped by SIGINT.
        print("supervisio: interrupted; nothing was left half written", file=sys.stderr)
        return EXIT_INTERRUPTED


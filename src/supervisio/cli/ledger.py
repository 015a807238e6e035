"""``supervisio ledger export`` and ``supervisio ledger import``: the 问题台账 to and from Excel.

Export writes the exchange workbook a group sends its units; import merges what comes back (or any ledger
a unit keeps) into the campaign file, which is rewritten atomically, and only when every row merged
cleanly and something changed: importing the same workbook twice leaves the file's bytes as they were.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from supervisio.cli.common import (
    EXIT_OK,
    BadInput,
    add_campaign_arguments,
    as_of_day,
    check_group,
    date_argument,
    load_campaign,
)


def add_commands(commands: Any) -> None:
    """Declare ``ledger export`` and ``ledger import``."""
    ledger = commands.add_parser(
        "ledger", help="the 问题台账 to and from Excel (export for the units, import what they send back)",
        description="The 问题台账 to and from Excel: export the exchange workbook for the units, import what "
                    "they send back (or any ledger a unit keeps: .xlsx, .xls, .csv).",
    )
    actions = ledger.add_subparsers(dest="action", required=True, metavar="ACTION")

    export = actions.add_parser(
        "export", help="write the exchange workbook (.xlsx) of a group's or units' problems",
        description="Write the exchange workbook (.xlsx): one row per problem, drop-down lists, lights, "
                    "identifying columns locked, a hidden sheet that lets the import spot stale rows.",
    )
    add_campaign_arguments(export)
    export.add_argument("-o", "--output", required=True, metavar="LEDGER.xlsx", help="the workbook to write")
    export.add_argument("--unit", action="append", default=[], metavar="NAME",
                        help="only this unit (full name, short name or alias); may be repeated")
    export.set_defaults(run=run_export)

    imp = actions.add_parser(
        "import", help="merge a ledger workbook or .csv into a campaign file",
        description="Merge a ledger (.xlsx, .xls or .csv: the exchange workbook or a unit's own sheet) into "
                    "the campaign file. Every mistake is reported at once, located by sheet and cell; the "
                    "campaign file is written only when every row merged.",
    )
    imp.add_argument("file", metavar="FILE", help="the ledger to read (.xlsx, .xls, .csv)")
    imp.add_argument("--into", required=True, metavar="CAMPAIGN", help="the campaign file to merge into")
    imp.add_argument("--as-of", type=date_argument, metavar="DATE",
                     help="the day the import dates what the sheet does not (default: today)")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one holding a ledger)")
    imp.add_argument("--map", action="append", default=[], metavar="列名=FIELD",
                     help="read column 列名 as FIELD (or - to skip it); may be repeated")
    imp.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    imp.set_defaults(run=run_import)


def _written(path: str, write: Any) -> None:
    """Run ``write`` (which writes ``path`` atomically), turning the OS's refusal into a located error."""
    try:
        write()
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder; give a file name") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be written: {error.strerror or error}") from None


def run_export(args: argparse.Namespace) -> int:
    from supervisio.spreadsheet import export_ledger

    supervision, default = load_campaign(args.campaign)
    check_group(supervision, args.group)
    as_of = as_of_day(supervision, args.as_of, default)
    group = args.group
    if group is None and not args.unit and len(supervision.groups) == 1:
        group = supervision.groups[0].number
    data = export_ledger(supervision, as_of, group=group, units=args.unit)
    from supervisio.storage.atomic import write_atomic

    _written(args.output, lambda: write_atomic(args.output, data))
    print(f"{args.output}: 问题台账 as of {as_of.isoformat()} written")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    import datetime as dt

    from supervisio.spreadsheet.header import parse_mapping
    from supervisio.spreadsheet.importer import import_ledger
    from supervisio.storage import load
    from supervisio.storage.rewrite import save_changes

    mapping = parse_mapping(args.map)  # a SpreadsheetError names the --map at fault
    supervision = load(args.into)
    day = args.as_of or dt.date.today()
    result = import_ledger(supervision, args.file, on=day, sheet=args.sheet, mapping=mapping)
    if result.changes and not args.dry_run:  # written before anything is printed: a reader that
        _written(args.into, lambda: save_changes(args.into, supervision, result.supervision))  # leaves
    for warning in result.warnings:  # early (| head) must not stop the import half done
        print(f"supervisio: warning: {warning}", file=sys.stderr)
    print(f"{args.file} → {args.into}: {result.summary()}")
    if args.dry_run:
        print("dry run: nothing written")
    return EXIT_OK

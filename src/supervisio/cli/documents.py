"""``supervisio demo``, ``render``, ``convert`` and ``plugins``: documents from records, and what makes them."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supervisio.cli.common import (
    EXIT_OK,
    BadInput,
    add_campaign_arguments,
    as_of_day,
    check_group,
    check_unit,
    choose_group,
    load_campaign,
)

if TYPE_CHECKING:
    from supervisio.document_settings import DocumentSettings
    from supervisio.domain.supervision import Supervision
    from supervisio.plugins import RenderOptions


def _add_render_options(command: argparse.ArgumentParser) -> None:
    """Options that override the campaign's ``[campaign.settings.documents]`` (unset: the campaign's)."""
    command.add_argument("--profile", choices=("word", "strict"),
                         help="page geometry: word (37/35 mm margins, as Word templates) or strict (ink block 156×225 mm)")
    command.add_argument("--sealed", action=argparse.BooleanOptionalAction,
                         help="signature laid out for a seal (GB/T 9704 7.3.5.1)")
    command.add_argument("--bold-level3", action=argparse.BooleanOptionalAction,
                         help="set third-level headings (1.) in bold")
    command.add_argument("--latin-font", metavar="FACE", help="a face for Latin letters and digits, e.g. 'Times New Roman'")


def _options(args: argparse.Namespace, settings: DocumentSettings | None = None) -> RenderOptions:
    """The campaign's document settings, with what the command line gives on top."""
    import attrs

    from supervisio.document_settings import DocumentSettings

    base = settings or DocumentSettings()
    given = {
        name: value
        for name in ("profile", "sealed", "bold_level3", "latin_font")
        if (value := getattr(args, name)) is not None
    }
    return attrs.evolve(base, **given)


def add_commands(commands: Any) -> None:
    """Declare ``demo``, ``render``, ``convert`` and ``plugins``."""
    demo = commands.add_parser(
        "demo", help="write every document kind in every installed format from the demo campaign",
        description="Write every document kind in every installed format from the embedded demo campaign.",
    )
    demo.add_argument("--out", metavar="DIR", default="supervisio-demo", help="output folder (default: ./supervisio-demo)")
    _add_render_options(demo)
    demo.set_defaults(run=run_demo)

    render = commands.add_parser(
        "render", help="write one document of a campaign, or one per unit or group",
        description="Write one document of a campaign; with --each-unit or --each-group, one per unit or "
                    "per group into a folder.",
    )
    add_campaign_arguments(render)
    render.add_argument("--kind", required=True, metavar="KIND", help="report, briefing, prompt, opinion, rectification, ledger, or a plugin's kind")
    render.add_argument("--unit", metavar="NAME", help="the unit, for kinds written to one unit (opinion, rectification)")
    render.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the file to write, its suffix naming the format; with --each-unit or --each-group, the folder")
    render.add_argument("--format", metavar="FORMAT",
                        help="the format (docx, html, md …) when the suffix does not say; a batch writes docx unless told")
    render.add_argument("--templates", metavar="DIR", help="a folder of templates overriding the built-in ones by name")
    render.add_argument("--param", action="append", metavar="NAME=VALUE",
                        help="a parameter of the kind (`supervisio plugins` lists them); repeat for several")
    _add_render_options(render)
    batch = render.add_argument_group("many documents")
    each = batch.add_mutually_exclusive_group()
    each.add_argument("--each-unit", action="store_true",
                      help="one document per unit of the group (of every group without --group) into the folder -o")
    each.add_argument("--each-group", action="store_true",
                      help="one document per group (only --group N when given) into the folder -o")
    batch.add_argument("--name", metavar="PATTERN",
                       help="the files' names, from {unit} {unit_full} {group} {group_title} {kind} {title} {as_of} "
                            "(default {group}-{unit}-{kind}, or {group}-{kind} per group); the suffix is the format's")
    batch.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                       help="make the documents in N processes (default 1)")
    render.set_defaults(run=run_render)

    convert = commands.add_parser(
        "convert", help="render a Markdown document (supervisio dialect) to docx, html or md",
        description="Render a Markdown document in the supervisio dialect to another format.",
    )
    convert.add_argument("input", metavar="INPUT.md")
    convert.add_argument("-o", "--output", required=True, metavar="FILE")
    convert.add_argument("--format", metavar="FORMAT")
    _add_render_options(convert)
    convert.set_defaults(run=run_convert)

    plugins = commands.add_parser(
        "plugins", help="list plugins, formats and document kinds with their distributions",
        description="List plugins, formats and document kinds with their distributions.",
    )
    plugins.set_defaults(run=run_plugins)


def _positive_int(text: str) -> int:
    from supervisio.cli.batch import positive_int

    return positive_int(text)


def _renderer_for(output: str, explicit: str | None) -> Any:
    from supervisio.plugins import get_plugins

    registry = get_plugins().renderers
    if explicit is not None:
        return registry.get(explicit)
    return registry.for_suffix(Path(output).suffix)


def _demo_unit(supervision: Supervision, kind_name: str, group: int) -> str:
    """For a per-unit kind, the unit the demo writes to: the first one its records address."""
    from supervisio.domain.vocabulary import NoticeKind

    wanted = {"opinion": NoticeKind.OPINION, "rectification": NoticeKind.RECTIFICATION}.get(kind_name)
    for notice in supervision.notices:
        if notice.group == group and notice.kind is wanted:
            return notice.unit
    return supervision.group(group).units[0].name


def run_demo(args: argparse.Namespace) -> int:
    from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
    from supervisio.outputs import check_output_folder
    from supervisio.pipeline import compose, render_document, write_output
    from supervisio.plugins import KindRequest, get_plugins

    started = time.perf_counter()
    out = check_output_folder(args.out)  # before any work: a file named like the folder is refused
    plugins = get_plugins()
    supervision = load_demo(DEMO_GROUP)  # a group's documents are group 7's: its file alone, as fast as ever
    options = _options(args, supervision.campaign.settings.documents)
    city = None  # the whole city, loaded only for a city-wide kind (the office's 督查通报)
    written = 0
    skipped = []
    for kind in plugins.kinds:
        if any(parameter.required for parameter in kind.parameters):
            skipped.append(kind.name)  # a value only its user can give (a problem's number)
            continue
        unit = _demo_unit(supervision, kind.name, DEMO_GROUP) if kind.per_unit else None
        if kind.city_wide:
            city = city or load_demo()
            request = KindRequest(supervision=city, as_of=DEMO_AS_OF)
        else:
            request = KindRequest(supervision=supervision, as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=unit)
        document = compose(kind, request, plugins=plugins)
        for renderer in plugins.renderers:
            path = out / f"{kind.name}{renderer.suffix}"
            write_output(path, render_document(document, renderer, options, plugins))
            written += 1
        print(f"{kind.name:<14} {kind.title}{'（' + unit + '）' if unit else ''}")
    formats = ", ".join(plugins.renderers.names())
    print(f"wrote {written} files ({len(plugins.kinds) - len(skipped)} kinds × {formats}) to {out}/ "
          f"in {time.perf_counter() - started:.2f} s")
    if skipped:
        print(f"not written: {', '.join(skipped)} (required parameters; see `supervisio plugins`)")
    return EXIT_OK


def run_render(args: argparse.Namespace) -> int:
    from supervisio.cli.batch import kind_parameters, run_batch
    from supervisio.outputs import check_output
    from supervisio.pipeline import compose, render_document, write_output
    from supervisio.plugins import KindRequest, get_plugins

    if args.each_unit or args.each_group:
        return run_batch(args)
    check_output(args.output)  # a folder or a file in the way is refused before the work, not after
    if args.name is not None or args.jobs != 1:
        raise BadInput(f"{'--name' if args.name is not None else '--jobs'}: only with --each-unit or --each-group")
    plugins = get_plugins()
    kind = plugins.kinds.get(args.kind)  # an unknown kind is reported before any work is done
    parameters = kind_parameters(kind, args.param)  # and so are its parameters
    supervision, default = load_campaign(args.campaign)
    check_group(supervision, args.group)
    unit = check_unit(supervision, args.unit)
    renderer = _renderer_for(args.output, args.format)
    # None only for a city-wide kind (the 督查通报) on a campaign of several groups: it speaks for them all
    group = choose_group(supervision, kind, args.group, unit, demo=args.campaign is None)
    request = KindRequest(supervision=supervision, as_of=as_of_day(supervision, args.as_of, default), group=group,
                          unit=unit, parameters=parameters)
    document = compose(kind, request, plugins=plugins, template_dir=args.templates)
    data = render_document(document, renderer, _options(args, supervision.campaign.settings.documents), plugins)
    write_output(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return EXIT_OK


def run_convert(args: argparse.Namespace) -> int:
    from supervisio.outputs import check_output
    from supervisio.pipeline import convert_markdown, write_output

    check_output(args.output)
    source = Path(args.input)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{source}: no such file") from None
    except UnicodeDecodeError:
        raise BadInput(f"{source}: not UTF-8 text; save it as UTF-8") from None
    renderer = _renderer_for(args.output, args.format)
    data = convert_markdown(text, renderer.name, source=str(source), options=_options(args))
    write_output(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return EXIT_OK


def run_plugins(args: argparse.Namespace) -> int:
    from supervisio.plugins import get_plugins

    plugins = get_plugins()
    print("plugins:")
    for info in plugins.info():
        print(f"  {info.name:<32} {info.distribution or ''}")
    print("formats:")
    for name in plugins.renderers.names():
        renderer = plugins.renderers.get(name)
        print(f"  {name:<8} {renderer.suffix:<7} {renderer.media_type:<40} {plugins.renderers.provider_of(name)}")
    print("document kinds:")
    for name in plugins.kinds.names():
        kind = plugins.kinds.get(name)
        unit = "（按单位）" if kind.per_unit else ""
        print(f"  {name:<14} {kind.title}{unit:<6} {plugins.kinds.provider_of(name)}")
        for parameter in kind.parameters:
            print(f"  {'':<14} --param {parameter.describe()}")
    return EXIT_OK

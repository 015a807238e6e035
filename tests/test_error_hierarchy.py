"""One error hierarchy: every error supervisio raises on purpose is a :class:`supervisio.errors.SupervisioError`.

The command line prints a SupervisioError as one located line; any other exception is a traceback. So the
source is scanned (ast) for every ``raise X(...)``; ``X`` is resolved (a class, or a function returning
one, by its return annotation) and must be a SupervisioError, or be listed below with the reason it may
not be. A re-raise (``raise``, ``raise error``) raises nothing new and is not looked at.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import supervisio
from supervisio.errors import SupervisioError

SOURCE = Path(supervisio.__file__).parent

ALLOWED: dict[tuple[str, str], str] = {
    # (module, exception): why it is not a SupervisioError. Keyed by module, not by line, so that an edit
    # above a raise does not break the list; a stale entry fails test_the_allow_list_is_not_stale.
    #
    # Python protocols: the caller expects exactly this exception.
    ("supervisio", "AttributeError"): "module __getattr__ (lazy names): `from supervisio import x` and "
    "hasattr() rely on AttributeError",
    ("supervisio.kinds", "AttributeError"): "module __getattr__ (lazy contexts), as above",
    ("supervisio.cli", "ArgumentTypeError"): "argparse type= protocol: argparse turns it into a usage message "
    "and exit status 2",
    ("supervisio.kinds.context", "KeyError"): "Mapping protocol: a template context's __getitem__ for a name "
    "it does not have (Jinja and `in` rely on KeyError)",
    ("supervisio.kinds.kind", "ValueError"): "attrs validators and __attrs_post_init__ of KindParameter and "
    "DocumentKind, as attrs' own validators raise; a plugin declaring a kind wrongly is reported by the "
    "plugin manager as a PluginError naming the plugin",
    ("supervisio.plugins.hookspecs", "NotImplementedError"): "the body of a pluggy hook specification, "
    "never called",
    ("supervisio.storage.formats", "TypeError"): "json.dumps default= protocol for a value it cannot write",
    ("supervisio.doctree.serialize", "ValueError"): "cattrs structure hooks raise ValueError; cattrs collects "
    "them and serialize turns them into DocumentDataError",
    ("supervisio.storage.converter", "IterableValidationError"): "cattrs' own error, re-raised with the "
    "located problems so that load() reports them as CampaignFileError",
    ("supervisio.storage.yaml_reader", "ConstructorError"): "PyYAML constructor protocol; load() turns it into "
    "a located CampaignFileError",
    ("supervisio.doctree.yaml_fields", "ConstructorError"): "PyYAML constructor protocol; the front matter "
    "reader turns it into a located MarkdownError",
    ("supervisio.templating.loader", "TemplateNotFound"): "jinja2 loader protocol (get_source); Jinja and "
    "the search path catch it to try the next folder",
    ("supervisio.templating.search_path", "TemplateNotFound"): "jinja2 loader protocol, as above",
    # Signals inside one module, caught there and turned into a SupervisioError (or swallowed).
    ("supervisio.storage.converter", "ValueProblem"): "one bad value while structuring; collected into "
    "CampaignFileError",
    ("supervisio.doctree.yaml_fields", "_Mismatch"): "a value of the wrong type; turned into a located "
    "MarkdownError by the same module",
    ("supervisio.storage.atomic", "_Stopped"): "a signal received while writing, turned back into "
    "KeyboardInterrupt/SystemExit once the file is whole",
    ("supervisio.storage.atomic", "KeyboardInterrupt"): "Ctrl-C, deferred until the file is whole, then "
    "raised again: it must stay KeyboardInterrupt (the CLI exits 130)",
    ("supervisio.storage.atomic", "SystemExit"): "SIGTERM, deferred likewise, then raised again as SystemExit",
    ("supervisio.doctree.markdown_syntax", "Refusal"): "a construct the dialect refuses; the parser turns "
    "it into a located MarkdownError",
    ("supervisio.doctree.yaml_fields", "Exception"): "the error() of the reader protocol the front-matter "
    "fields report through, annotated Exception so that yaml_fields does not import the parser; the "
    "reader (doctree.from_markdown) returns a MarkdownError",
    ("supervisio.templating", "LimitExceeded"): "a rendering past its budget; the environment turns it into "
    "a TemplateError naming the template and line (a SupervisioError would pass through unlocated)",
    ("supervisio.cli", "BadInput"): "a command-line mistake, caught by supervisio.cli.main and "
    "printed like a SupervisioError; it never leaves main (errors.py is imported lazily so that "
    "`supervisio --help` stays fast)",
    # Programming errors: a caller in code broke the function's contract; no user input reaches them.
    ("supervisio.errors", "ValueError"): "CampaignFileError/SpreadsheetError built with no error to report",
    ("supervisio.domain.shape", "TypeError"): "shape_defects() given a class that is not an attrs class",
    ("supervisio.doctree.yaml_fields", "TypeError"): "a front-matter field declared with a type the reader "
    "has no conversion for",
    ("supervisio.spreadsheet.columns", "KeyError"): "by_field() with a field name not in FIELDS; its callers "
    "pass only the importer's own field names",
    ("supervisio.templating.search_path", "ValueError"): "a search path built without the built-in templates",
    ("supervisio.storage.skeleton", "ValueError"): "skeleton_bytes() with a format outside its Literal type "
    "(the CLI passes only what format_for() returned)",
    ("supervisio.layout.geometry", "ValueError"): "page_geometry() with a profile outside its Literal type "
    "(DocumentSettings and --profile admit only word and strict)",
    ("supervisio.renderers.html.blocks", "TypeError"): "a block type the HTML renderer has no rule for: a new "
    "node class added without its rule",
    ("supervisio.renderers.html.text", "TypeError"): "an inline type the HTML renderer has no rule for, as above",
    ("supervisio.renderers.markdown", "TypeError"): "a node type the Markdown renderer has no rule for, as above",
    ("supervisio.renderers.markdown", "AssertionError"): "an internal invariant of the inline escaper",
    ("supervisio.numerals", "TypeError"): "chinese_numeral() given something other than an int, as int "
    "operations do",
}

REPORTED: dict[tuple[str, str], str] = {
    # Raised for input a user (a campaign file, a template, a script) can get wrong, and reported to be made
    # SupervisioErrors; listed so that the test passes meanwhile, and removed once fixed.
    ("supervisio.domain.problem_numbers", "ValueError"): "NumberScheme(pattern) for a bad problem_numbers "
    "setting of a campaign built in code",
    ("supervisio.numerals", "ValueError"): "chinese_numeral() of 10^16 or more, approximate() with a step "
    "<= 0 or an unknown style: reachable from a template's filters",
    ("supervisio.doctree.numbering", "ValueError"): "heading_number() for a level outside 1-4",
    ("supervisio.renderers.markdown", "ValueError"): "a document tree the Markdown cannot hold (a heading "
    "level outside 1-4, a list start, a ragged table, a chart without series …), which a plugin kind or a "
    "template can build",
}


@attrs.frozen
class Raise:
    module: str
    line: int
    text: str
    raised: type[BaseException] | None  # None: could not be resolved


def listed(module: str, exception: str, listing: dict[tuple[str, str], str]) -> bool:
    """Whether ``listing`` has the exception for the module or for a package holding it."""
    return any(
        name == exception and (module == where or module.startswith(where + "."))
        for where, name in listing
    )


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def namespace_of(module: object, tree: ast.Module) -> dict[str, object]:
    """The module's globals, plus every name the file imports anywhere (inside functions, under
    TYPE_CHECKING), so that a local import or a return annotation can be resolved."""
    names = dict(vars(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            try:
                imported = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                if hasattr(imported, alias.name):
                    names[alias.asname or alias.name] = getattr(imported, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                try:
                    names[alias.asname or alias.name.split(".")[0]] = importlib.import_module(
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
                except ImportError:
                    continue
    names.update(vars(module))
    return names


def evaluated(text: str, namespace: dict[str, object]) -> object:
    try:
        return eval(text, dict(namespace))  # names and dotted names from our own source only
    except Exception:
        return None


def as_exception(value: object, namespace: dict[str, object], tree: ast.Module, name: str) -> type | None:
    """The exception class ``value`` is, or that the factory ``value`` (or the def called ``name`` in the
    file, for a method or a nested function) returns by its annotation."""
    if isinstance(value, type) and issubclass(value, BaseException):
        return value
    annotations = []
    if callable(value):
        annotation = inspect.signature(value).return_annotation
        if annotation is not inspect.Signature.empty:
            annotations.append(annotation)
    if not annotations:
        annotations = [ast.unparse(node.returns) for node in ast.walk(tree)
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and node.name == name and node.returns is not None]
    classes = {evaluated(a, namespace) if isinstance(a, str) else a for a in annotations}
    if len(classes) == 1:
        [found] = classes
        if isinstance(found, type) and issubclass(found, BaseException):
            return found
    return None


def modules() -> list[Path]:
    """Every module of the package but ``__main__`` files, which run the command line when imported."""
    return [path for path in sorted(SOURCE.rglob("*.py")) if path.name != "__main__.py"]


def raises_in(path: Path) -> Iterator[Raise]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    module = importlib.import_module(name)
    namespace = namespace_of(module, tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        expression = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        text = ast.unparse(expression)
        called = text.rsplit(".", 1)[-1]
        value = evaluated(text, namespace)
        if not isinstance(node.exc, ast.Call) and not isinstance(value, type):
            continue  # `raise error`: a caught exception raised again
        yield Raise(name, node.lineno, text, as_exception(value, namespace, tree, called))


@pytest.fixture(scope="module")
def every_raise() -> list[Raise]:
    return [found for path in modules() for found in raises_in(path)]


def test_main_files_raise_nothing():
    """``__main__`` files are not imported by the scan (that would run the command line): they must only
    call ``main``."""
    for path in sorted(SOURCE.rglob("__main__.py")):
        assert not any(isinstance(node, ast.Raise) for node in ast.walk(ast.parse(path.read_text("utf-8"))))


def test_the_scan_finds_the_raises_it_should(every_raise):
    """The scan itself: it sees raises of classes, of dotted names, of factories and of methods."""
    by_text = {(r.module, r.text): r.raised for r in every_raise}
    from supervisio.errors import CampaignFileError, IllegalTransition, SpreadsheetError

    assert by_text[("supervisio.domain.lifecycle", "IllegalTransition")] is IllegalTransition
    assert by_text[("supervisio.cli.init", "refuse")] is CampaignFileError  # a nested factory
    assert by_text[("supervisio.spreadsheet.read", "_error")] is SpreadsheetError  # a module-level factory
    assert len(every_raise) > 150


def test_every_raise_is_resolved(every_raise):
    unresolved = [f"{r.module}:{r.line}: raise {r.text}(…)" for r in every_raise if r.raised is None]
    assert unresolved == [], "annotate the factory's return type, or raise the class itself"


def test_every_error_raised_on_purpose_is_a_supervisio_error(every_raise):
    strays = sorted(
        f"{r.module}:{r.line}: raise {r.text}(…) ({r.raised.__name__})"
        for r in every_raise
        if r.raised is not None
        and not issubclass(r.raised, SupervisioError)
        and not listed(r.module, r.raised.__name__, ALLOWED)
        and not listed(r.module, r.raised.__name__, REPORTED)
    )
    assert strays == [], "raise a SupervisioError subclass (supervisio.errors), or justify it in ALLOWED"


def test_the_allow_list_is_not_stale(every_raise):
    """Every entry still names a raise there is: a fixed one leaves the list."""
    raised = [(r.module, r.raised.__name__) for r in every_raise if r.raised is not None]
    for listing in (ALLOWED, REPORTED):
        stale = [key for key in listing if not any(listed(module, name, {key: ""}) for module, name in raised)]
        assert stale == []
    assert all(not issubclass(getattr(builtins, name, Exception), SupervisioError) for _, name in ALLOWED)


def test_the_error_classes_of_the_library_are_supervisio_errors():
    """Every exception class defined in supervisio is a SupervisioError, but the internal signals and
    BadInput listed in ALLOWED."""
    defined = []
    for path in modules():
        module = importlib.import_module(module_name(path))
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                defined.append(value)
    strays = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in defined
                    if not issubclass(cls, SupervisioError)
                    and not listed(cls.__module__, cls.__name__, ALLOWED))
    assert strays == []

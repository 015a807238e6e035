"""Documents end to end: the demo, `render` and `convert`, any text surviving into every format, located errors."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP
from supervisio.doctree.from_markdown import parse_markdown
from supervisio.doctree.markdown_syntax import escape_text
from supervisio.pipeline import convert_markdown, render_kind
from supervisio.plugins import get_plugins
from supervisio.testing import texts_of

KINDS = ["report", "briefing", "prompt", "opinion", "rectification", "ledger", "weekly", "bulletin"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supervisio.cli", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=300,
    )


def docx_text(data: bytes) -> str:
    """The text of a docx body: runs joined, tabs and breaks as characters, paragraphs on lines."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    lines = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title"):
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(data: bytes) -> str:
    parser = _HtmlText()
    parser.feed(data.decode("utf-8"))
    return "".join(parser.parts)


def test_demo_writes_every_kind_in_every_format(tmp_path):
    result = cli("demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    formats = get_plugins().renderers.names()
    assert {"md", "html", "docx"} <= set(formats)
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    suffixes = [get_plugins().renderers.get(name).suffix for name in formats]
    assert written == sorted(f"{kind}{suffix}" for kind in KINDS for suffix in suffixes)
    assert f"wrote {len(written)} files" in result.stdout
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "共计68条" in report and "已解决问题41条" in report and "工作简报9期" in report
    assert "第七巡回督导组" in report and "10个被督导单位上报简报37期" in report
    bulletin = (tmp_path / "out" / "bulletin.md").read_text("utf-8")  # the office's: every group of the city
    assert "三个巡回督导组共督导26个单位" in bulletin


def test_demo_report_reads_like_the_seed(demo):
    report = render_kind(demo, "report", "md", as_of=DEMO_AS_OF, group=DEMO_GROUP).decode("utf-8")
    for phrase in ("五位一体工作措施", "在大动员、大学习阶段已解决问题41条", "工作提示6条", "采用并刊发8次",
                   "市发改委紧急调拨", "团市委组建青年突击队200余支", "市总工会动员基层工会组织750个",
                   "市妇联组织捐款近30万元", "价值1268万元", "临江市政务服务中心服务群众点多面广",
                   "临江市政务服务中心管委会“作风能力提升年”活动部署会", "吕红梅同志",
                   "## 一、主要做法", "### （五）榜样带动示范，注重发现宣传工作典型", "## 三、下步工作",
                   "着重抓好“大调研”阶段"):
        assert phrase in report, phrase


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_in_each_format(demo, kind):
    unit = {"opinion": "临江市行政审批局", "rectification": "临江市应急管理局"}.get(kind)
    for fmt in get_plugins().renderers.names():
        data = render_kind(demo, kind, fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=unit)
        assert data
    md = render_kind(demo, kind, "md", as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=unit).decode("utf-8")
    # the weekly briefing is a 工作简报 on the page (报头, 报尾): its document form is the briefing's
    assert parse_markdown(md).meta.kind == {"weekly": "briefing"}.get(kind, kind)


PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=PRINTABLE)
def test_any_text_in_a_record_reads_back_from_every_format(demo, text):
    """A problem description with any printable text comes out verbatim in the ledger, in all formats.

    (Control characters are replaced by U+FFFD in docx and HTML, as each renderer documents and tests.)
    """
    first = demo.problems[0]
    data = attrs.evolve(demo, problems=(attrs.evolve(first, description=text), *demo.problems[1:]))
    outputs = {
        fmt: render_kind(data, "ledger", fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP)
        for fmt in ("md", "html", "docx")
    }
    assert text in texts_of(parse_markdown(outputs["md"].decode("utf-8")))
    assert text in html_text(outputs["html"])
    assert text in docx_text(outputs["docx"])


@settings(max_examples=25, deadline=None)
@given(text=PRINTABLE)
def test_any_text_in_a_markdown_paragraph_reads_back_from_every_format(text):
    markdown = f"# 标题\n\n{escape_text(text)}\n"
    assert text in texts_of(parse_markdown(convert_markdown(markdown, "md").decode("utf-8")))
    assert text in html_text(convert_markdown(markdown, "html"))
    assert text in docx_text(convert_markdown(markdown, "docx"))


def test_render_one_document(tmp_path):
    out = tmp_path / "意见.docx"
    result = cli("render", "--kind", "opinion", "--unit", "临江市行政审批局", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(out)
    assert "关于对临江市行政审批局" in docx_text(out.read_bytes())


def test_render_with_a_format_and_a_campaign_file(tmp_path):
    out = tmp_path / "ledger.out"
    small = Path(__file__).parent / "fixtures" / "small.toml"
    result = cli("render", str(small), "--kind", "ledger", "--group", "1", "--as-of", "2023-06-10",
                 "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "老旧小区改造项目进度滞后 | 涉及*12*个小区" in html_text(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "minutes", "-o", "x.md"], "unknown document kind 'minutes'; available: briefing, bulletin, ledger"),
        (["--kind", "report", "-o", "x.pdf"], "no renderer writes '.pdf' files; suffixes: "),
        (["--kind", "report", "-o", "x.md", "--format", "pdf"], "unknown format 'pdf'; available: "),
        (["--kind", "opinion", "-o", "x.md"], "document kind 'opinion' (督导意见) is written to one unit: name it"),
        (["--kind", "report", "-o", "x.md", "--templates", "no-such-folder"], "no-such-folder: the template folder does not exist"),
    ],
)
def test_bad_requests_are_located_errors(tmp_path, args, message):
    result = cli("render", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_bad_template_names_itself_and_leaves_the_old_file(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        '{% extends "builtin:report.md.j2" %}\n{% block next_steps %}\n{{ facts.nonexistent }}\n{% endblock %}\n',
        "utf-8",
    )
    out = tmp_path / "report.md"
    out.write_text("the good report", "utf-8")
    result = cli("render", "--kind", "report", "--templates", str(templates), "-o", str(out))
    assert result.returncode == 2
    assert f"{templates / 'report.md.j2'}:3: UndefinedError:" in result.stderr
    assert "nonexistent" in result.stderr
    assert out.read_text("utf-8") == "the good report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "templates"]


def test_a_user_template_overrides_a_block(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        '{% extends "builtin:report.md.j2" %}\n{% block next_steps %}\n下一步，{{ group.title }}将继续{{ "*加强*" }}督导。\n{% endblock %}\n',
        "utf-8",
    )
    out = tmp_path / "report.md"
    result = cli("render", "--kind", "report", "--templates", str(templates), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert "下一步，第七巡回督导组将继续\\*加强\\*督导。" in text  # the value stays literal: escaped
    assert "## 一、主要做法" in text


def test_convert_markdown(tmp_path):
    source = tmp_path / "提示.md"
    source.write_text(
        "---\nkind: prompt\ntitle: 关于做好大调研阶段工作的提示\n---\n\n# 关于做好大调研阶段工作的提示\n\n## 调研课题\n\n每名班子成员确定1个调研课题。\n",
        "utf-8",
    )
    for suffix in (".docx", ".html", ".md"):
        out = tmp_path / f"提示{suffix}"
        result = cli("convert", str(source), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    assert "## 一、调研课题" in (tmp_path / "提示.md").read_text("utf-8")


def test_convert_reports_the_markdown_line(tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("# 标题\n\n正文\n\n![图](a.png)\n", "utf-8")
    result = cli("convert", str(source), "-o", str(tmp_path / "bad.html"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"supervisio: error: {source}:5: ")
    assert not (tmp_path / "bad.html").exists()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_every_demo_docx_opens_in_libreoffice(tmp_path):
    out = tmp_path / "out"
    assert cli("demo", "--out", str(out)).returncode == 0
    pdf = tmp_path / "pdf"
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(pdf), *sorted(str(p) for p in out.glob("*.docx"))],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in pdf.glob("*.pdf"))
    assert made == sorted(f"{kind}.pdf" for kind in KINDS)
    for path in pdf.glob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size > 5000


def test_render_options_come_from_the_campaign_file_unless_the_command_line_says(tmp_path):
    small = (Path(__file__).parent / "fixtures" / "small.toml").read_text("utf-8")
    campaign = tmp_path / "campaign.toml"
    campaign.write_text(
        small.replace("[campaign.settings]\nyellow_days = 5\n",
                      '[campaign.settings]\nyellow_days = 5\n\n[campaign.settings.documents]\nprofile = "strict"\n'),
        "utf-8",
    )
    common = [str(campaign), "--kind", "report", "--group", "1", "--as-of", "2023-06-10"]
    assert cli("render", *common, "-o", str(tmp_path / "from-file.html")).returncode == 0
    assert cli("render", *common, "--profile", "word", "-o", str(tmp_path / "from-flag.html")).returncode == 0
    assert "margin: 34.25mm 26mm 35.25mm 28mm" in (tmp_path / "from-file.html").read_text("utf-8")
    assert "margin: 37mm 26mm 35mm 28mm" in (tmp_path / "from-flag.html").read_text("utf-8")

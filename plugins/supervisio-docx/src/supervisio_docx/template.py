"""Our own base template: the parts of a docx that do not depend on the body.

docs/gbt9704.md §9 and docs/user-needs.md §4: start from your own template, not python-docx's default, which
opens in Word's Compatibility Mode (``compatibilityMode`` 14), sends Chinese text to theme fonts,
declares ja-JP theme fonts and carries 800 kB of Word 2010 styles. This template has:

- ``styles.xml`` from :mod:`supervisio_docx.styles` (no theme attributes, zh-CN);
- ``settings.xml``: ``compatibilityMode`` 15, ``evenAndOddHeaders`` (odd/even page numbers:
  without it the even footer is ignored, docs/gbt9704.md §6.4), ``characterSpacingControl doNotCompress``
  (docs/gbt9704.md §6.3),
  ``themeFontLang`` zh-CN, ``doNotExpandShiftReturn`` (a justified line ended by a LineBreak is not
  stretched across the block);
- a theme whose major/minor fonts are the target faces (黑体 / 仿宋_GB2312), so that anything a user
  adds in Word "in the theme font" is still a 公文 face and WPS reports no missing theme font;
- ``fontTable.xml`` with alternate names (:func:`supervisio_docx.fonts.font_table_xml`);
- a document part holding only the section properties, and empty core properties.

python-docx opens this package and adds what needs its bookkeeping of parts and relationships: the
two footers and the core properties (:mod:`supervisio_docx.package`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from supervisio_docx.context import Context
from supervisio_docx.fonts import FANGSONG, HEITI, font_table_xml
from supervisio_docx.styles import styles_xml
from supervisio_docx.text import escape_attribute

__all__ = ["DOCUMENT_CLOSE", "DOCUMENT_OPEN", "base_template", "zip_parts"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

DOCUMENT_OPEN = f'{_DECLARATION}<w:document xmlns:w="{_W}" xmlns:r="{_REL}"><w:body>'
"""The start of ``word/document.xml`` up to the body's first child."""
DOCUMENT_CLOSE = "</w:body></w:document>"

_CONTENT_TYPES = (
    ("/word/document.xml", "officedocument.wordprocessingml.document.main+xml"),
    ("/word/styles.xml", "officedocument.wordprocessingml.styles+xml"),
    ("/word/settings.xml", "officedocument.wordprocessingml.settings+xml"),
    ("/word/fontTable.xml", "officedocument.wordprocessingml.fontTable+xml"),
    ("/word/theme/theme1.xml", "officedocument.theme+xml"),
    ("/docProps/core.xml", "package.core-properties+xml"),
    ("/docProps/app.xml", "officedocument.extended-properties+xml"),
)
_CONTENT_TYPES_XML = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(
        f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-{kind}"/>'
        for name, kind in _CONTENT_TYPES
    )
    + "</Types>"
)

_PACKAGE_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

_COMPAT_SETTINGS = (
    ("compatibilityMode", 15),  # Word 2013+: not "Compatibility Mode"
    ("overrideTableStyleFontSizeAndJustification", 1),
    ("enableOpenTypeFeatures", 1),
    ("doNotFlipMirrorIndents", 1),
)
_SETTINGS = (
    _DECLARATION + f'<w:settings xmlns:w="{_W}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="420"/>'
    "<w:evenAndOddHeaders/>"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat><w:doNotExpandShiftReturn/>"
    + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word"'
        f' w:val="{value}"/>'
        for name, value in _COMPAT_SETTINGS
    )
    + "</w:compat>"
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)

_CORE = (
    _DECLARATION + f'<cp:coreProperties xmlns:cp="{_CORE_NS}"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)

_APP = (
    _DECLARATION + f'<Properties xmlns="{_APP_NS}">'
    "<Application>supervisio-docx</Application></Properties>"
)

_SCHEME_COLORS = (
    ("dk2", "1F497D"),
    ("lt2", "EEECE1"),
    ("accent1", "4F81BD"),
    ("accent2", "C0504D"),
    ("accent3", "9BBB59"),
    ("accent4", "8064A2"),
    ("accent5", "4BACC6"),
    ("accent6", "F79646"),
    ("hlink", "0000FF"),
    ("folHlink", "800080"),
)


def _theme(latin: str | None) -> str:
    """A minimal DrawingML theme whose fonts are 黑体 (headings) and 仿宋_GB2312 (body)."""

    def fonts(kind: str, face: str) -> str:
        name = escape_attribute(face)
        other = escape_attribute(latin or face)
        return (
            f'<a:{kind}><a:latin typeface="{other}"/><a:ea typeface="{name}"/><a:cs typeface=""/>'
            f'<a:font script="Hans" typeface="{name}"/></a:{kind}>'
        )

    colors = "".join(
        f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>' for name, rgb in _SCHEME_COLORS
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        _DECLARATION + f'<a:theme xmlns:a="{_DRAWINGML}" name="supervisio">'
        '<a:themeElements><a:clrScheme name="supervisio">'
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        f"{colors}</a:clrScheme>"
        f'<a:fontScheme name="supervisio">{fonts("majorFont", HEITI)}{fonts("minorFont", FANGSONG)}'
        "</a:fontScheme>"
        f'<a:fmtScheme name="supervisio"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def base_template(ctx: Context) -> bytes:
    """The base package for a document rendered in ``ctx``, as the bytes of a .docx file."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES_XML,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _CORE,
        "docProps/app.xml": _APP,
        "word/document.xml": DOCUMENT_OPEN + ctx.geometry.section_properties_xml() + DOCUMENT_CLOSE,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": styles_xml(
            ctx.geometry,
            latin=ctx.latin,
            bold_level3=ctx.options.bold_level3,
            cell_sizes=ctx.cell_sizes,
        ),
        "word/settings.xml": _SETTINGS,
        "word/fontTable.xml": font_table_xml(ctx.latin),
        "word/theme/theme1.xml": _theme(ctx.latin),
    }
    # stored, not deflated: python-docx reads it back at once
    return zip_parts(((name, text.encode("utf-8")) for name, text in parts.items()), deflate=False)


def zip_parts(
    parts: Iterable[tuple[str, bytes | list[bytes | str]]], deflate: bool = True
) -> bytes:
    """A zip of ``(name, data)`` pairs with fixed timestamps: equal documents are equal bytes.

    ``data`` may be a list of chunks (``str`` chunks are encoded as UTF-8 one by one), streamed into
    the archive without being joined or encoded whole first (the body of a 100,000-row ledger is
    over 100 MB).
    """
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            with archive.open(info, "w") as stream:
                for chunk in [data] if isinstance(data, bytes) else data:
                    stream.write(chunk.encode() if isinstance(chunk, str) else chunk)
    return buffer.getvalue()

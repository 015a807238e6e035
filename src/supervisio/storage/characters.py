"""Characters no campaign file may hold in its text: control characters, noncharacters, lone surrogates.

A BEL (U+0007) or a lone surrogate (U+D800, which a JSON ``\\ud800`` escape makes) reads fine into a
Python string, passes every type check, and then breaks far from the file: YAML front matter refuses it,
XML (docx, HTML) cannot hold it, a UTF-8 encoder raises on it. So every text field is checked when the file
is loaded, and the message says which field and where in its text.

Allowed: tab and newline. Refused: the rest of C0 (U+0000–U+001F, so a carriage return too: the parsers
already turn a file's CRLF line ends into newlines, so only an escaped ``\\r`` gets here), DEL, C1
(U+0080–U+009F), the noncharacters U+FFFE and U+FFFF, and surrogates (U+D800–U+DFFF).

Checking each string costs a regular-expression search per field, a noticeable share of loading 100,000
problems; :func:`may_hold_refused` answers for a whole file at once, from its bytes, whether any string in
it *can* hold such a character, so that the fast path checks strings only when the answer is yes.
"""

from __future__ import annotations

import mmap
import re

__all__ = ["may_hold_refused", "refused_character"]

_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

def refused_character(text: str) -> str | None:
    """Why ``text`` may not be stored (``contains the control character U+0007 at position 12``), or None.

    The position counts characters from 1, as an editor's column does.
    """
    found = _REFUSED.search(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        what = "the noncharacter"
    else:
        what = "the control character"
    return f"contains {what} U+{code:04X} at position {found.start() + 1}"


# In the raw bytes of a file. A JSON, TOML or YAML parser refuses raw C0 characters (except tab and line
# ends) in its strings itself, so what remains to look for is: DEL and C1 written raw (UTF-8 C2 80–C2 9F),
# U+FFFE/U+FFFF written raw (EF BF BE/BF), and escapes, which can spell any character. A first byte that is
# rarely there is looked for with ``find`` (memchr: milliseconds for 100 MB), the rest by a regular
# expression only when it is there. U+FFFE/U+FFFF have no such byte (EF also starts the full-width
# punctuation of every Chinese sentence): the expression is searched for always, some 50 ms per 100 MB.
_RAW = (
    (b"\x7f", re.compile(b"\x7f")),
    (b"\xc2", re.compile(b"\xc2[\x80-\x9f]")),  # C2 alone also starts ·, ©, ° …
    (b"", re.compile(b"\xef\xbf\xbe|\xef\xbf\xbf")),
    (b"\xed", re.compile(b"\xed[\xa0-\xbf]")),  # a surrogate written raw: not UTF-8, refused anyway
)
_ESCAPES = {
    # JSON escapes that can make a refused character (and a few that cannot, such as \u0009: a false alarm
    # only means the slow, checked path).
    "json": re.compile(rb"\\(?:[bfr]|u(?:00[0189]|007[fF]|[dD][89a-fA-F]|[fF]{3}[eEfF]))"),
    # TOML and YAML have more escapes (\e, \x07, \N for U+0085, \U0000FFFE …): any backslash not followed
    # by a harmless escape counts.
    "other": re.compile(rb'\\[^nt"\\/ \n]'),
}


def may_hold_refused(raw: bytes | mmap.mmap, fmt: str) -> bool:
    """Whether some string of the file ``raw`` (in format ``fmt``) may hold a refused character.

    ``raw`` may be a memory-mapped file (searched with ``find``: ``in`` on a mapping compares byte by byte).

    False means none can: the strings need no check. True may be a false alarm (a backslash in a TOML
    literal string, an emoji written as a surrogate pair of escapes).
    """
    for start, pattern in _RAW:
        if raw.find(start) != -1 and pattern.search(raw):
            return True
    escapes = _ESCAPES["json" if fmt == "json" else "other"]
    return raw.find(b"\\") != -1 and escapes.search(raw) is not None

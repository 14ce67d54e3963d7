"""Turn raw JD text (plain or HTML) into the ``clean_text`` every offset and quote refers to.

Example: ``clean_text("<p>Key Skills</p><ul><li>Java &amp; Spring</li></ul>")`` ->
``"Key Skills\\n\\n• Java & Spring"``. Stack Overflow placeholders such as ``<ORGANIZATION>`` are kept
as written; line breaks are kept, runs of spaces become one space, at most one blank line remains.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# Tags that make text HTML (a lone "<ORGANIZATION>" placeholder does not).
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|span|b|i|u|strong|em|h[1-6]|table|tr|td|th|tbody|thead|a|font|section|"
    r"article|header|footer|hr|blockquote|pre|code|small|sup|sub|img|html|body|head|dl|dt|dd|main)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_STRUCTURE_TAG = re.compile(r"<(?:p|br|div|li|ul|ol|h[1-6]|tr|table|section|article)\b[^<>]{0,2000}>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLACEHOLDER_TAG = re.compile(r"<[A-Z][A-Z_]{2,}>")
_BLOCK_TAGS = frozenset(
    "p div ul ol table tr h1 h2 h3 h4 h5 h6 section article header footer blockquote pre dl dt dd "
    "main hr title tbody thead".split()
)
_INLINE_TAGS = frozenset(
    "b i u s em strong span font a small big sup sub code td th img abbr cite mark q tt kbd var label "
    "center strike del ins wbr html body nav main aside figure figcaption form input button select "
    "option textarea iframe link meta base col colgroup caption tfoot source picture svg path".split()
)
_KNOWN_TAGS = _INLINE_TAGS | _BLOCK_TAGS | {"li", "br", "address", "script", "style", "head", "noscript"}
_SKIPPED_TAGS = frozenset({"script", "style", "head", "noscript"})

_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_LINE_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DROPPED = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\ud800-\udfff\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


class _TextExtractor(HTMLParser):
    """Collects text, turning block tags into line breaks and ``<li>`` into bullet lines."""

    def __init__(self, collapse_newlines: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.collapse = collapse_newlines
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if tag == "pre":
            self._pre += 1
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag not in _KNOWN_TAGS or (tag == "address" and _PLACEHOLDER_TAG.fullmatch(raw)):
            self.parts.append(raw)  # "<ORGANIZATION>", "<ADDRESS>" and other non-HTML angle-bracket text

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:  # source line breaks are only spaces in HTML
            self.parts.append(re.sub(r"\s+", " ", data) if self.collapse and not self._pre else data)


def html_to_text(text: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, blocks and list items on lines.

    Source line breaks count as spaces only when the markup has its own structure (``<p>``, ``<br>``,
    ``<li>`` ...); plain text with a stray ``<b>`` or ``&amp;`` keeps its lines.
    """
    parser = _TextExtractor(collapse_newlines=bool(_STRUCTURE_TAG.search(text)))
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed markup: fall back to dropping tags
        return _ENTITY.sub(" ", _HTML_TAG.sub("\n", text))
    return "".join(parser.parts)


def looks_like_html(text: str) -> bool:
    """True when the text has HTML tags or character entities."""
    return bool(_HTML_TAG.search(text) or _ENTITY.search(text))


def _clean_line(line: str) -> str:
    line = _LINE_SPACES.sub(" ", line).strip()
    if line and _PRIVATE_USE.match(line):  # Word's private-use bullet glyphs
        line = "•" + line[1:]
    return _PRIVATE_USE.sub("", line)


def clean_text(text: str) -> str:
    """The cleaned JD text (see the module docstring)."""
    if looks_like_html(text):
        text = html_to_text(text)
    text = unicodedata.normalize("NFC", _DROPPED.sub("", _LINE_BREAKS.sub("\n", text)))
    lines = [_clean_line(line) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()

"""HTML reduced to its visible text, one block element per line, in time linear in the input.

libxml2's HTML parser (through lxml) reports start tags, end tags and text as it reads, and the text
is written out at once: no tree is built and none is edited. (The reader this replaces edited a
BeautifulSoup tree, one ``insert_before`` per block element, each a scan of its siblings: quadratic in
the number of flat ``<p>``; and the standard library's ``html.parser`` under it is quadratic on
unclosed tags such as ``"<a " * n``.) The input is fed in chunks, with the time budget checked between
them.
"""

from __future__ import annotations

import re

from lxml import etree

from qa.errors import UnsupportedFile
from qa.ingest.readers.limits import Budget

DROPPED_TAGS = frozenset(
    ("script", "style", "noscript", "head", "nav", "footer", "template", "iframe", "svg")
)
BLOCK_TAGS = frozenset(
    ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol",
     "table", "blockquote", "pre", "dd", "dt", "header", "main", "aside", "form", "hr", "figure",
     "figcaption", "caption", "title")
)  # fmt: skip
CELL_TAGS = frozenset(("td", "th"))
CHUNK = 1 << 18  # characters fed to the parser between two looks at the clock

_WS = re.compile(r"\s+")


class _TextTarget:
    """lxml parser target: collects visible text, a newline around each block element and at <br>, a
    space after each table cell; text in dropped elements (scripts, navigation …) is skipped and
    white space collapsed outside <pre>."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pending: list[str] = []  # adjacent text pieces: white space is collapsed over all of them
        self.dropped = 0  # open dropped elements
        self.pre = 0  # open <pre> elements

    def _flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            if not self.dropped:
                self.out.append(text if self.pre else _WS.sub(" ", text))

    def start(self, tag: object, attrib: object) -> None:
        self._flush()
        name = tag.lower() if isinstance(tag, str) else ""
        if name in DROPPED_TAGS:
            self.dropped += 1
        elif self.dropped:
            return
        elif name == "br" or name in BLOCK_TAGS:
            self.out.append("\n")
        if name == "pre":
            self.pre += 1

    def end(self, tag: object) -> None:
        self._flush()
        name = tag.lower() if isinstance(tag, str) else ""
        if name == "pre":
            self.pre = max(0, self.pre - 1)
        if name in DROPPED_TAGS:
            self.dropped = max(0, self.dropped - 1)
        elif self.dropped:
            return
        elif name in BLOCK_TAGS:
            self.out.append("\n")
        elif name in CELL_TAGS:
            self.out.append(" ")

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        self._flush()  # comments (and Word's <![if …]> markers) are not text

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()

    def doctype(self, *args: object) -> None:
        self._flush()

    def close(self) -> str:
        self._flush()
        return "".join(self.out)


def html_to_text(html: str, *, budget: Budget | None = None) -> str:
    """Visible text of an HTML page, one block element per line (scripts, styles, head, nav and footer
    dropped). Raises ``UnsupportedFile`` when ``budget`` runs out."""
    if not html.strip():
        return ""
    target = _TextTarget()
    parser = etree.HTMLParser(target=target)
    try:
        for at in range(0, len(html), CHUNK):
            parser.feed(html[at : at + CHUNK])
            if budget is not None:
                budget.check()
        text = parser.close()
    except etree.XMLSyntaxError:
        text = target.close()  # libxml2 found no element (comments only): keep what was read
    except etree.LxmlError as exc:
        name = budget.name if budget is not None else "HTML"
        raise UnsupportedFile(f"{name}: the HTML cannot be read ({exc})") from exc
    lines = (line.strip() for line in str(text).split("\n"))
    return "\n".join(line for line in lines if line)

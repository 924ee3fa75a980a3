"""Text helpers shared by the importers: HTML to plain text, clean text, slugs and stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

# Characters the deck reader refuses (C0/C1 controls except tab and newline, line/paragraph
# separators): imported text must not carry them, or the deck we write would not load.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section", "article"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "dt", "dd"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_HTML_HINT = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
)


def clean_text(text: str) -> str:
    """Plain text safe for a deck: no control characters, tidy lines, no outer whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\xa0", " ")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(text: str) -> str:
    """`clean_text` on one line: line breaks (and U+2028/2029) become spaces."""
    return " ".join(clean_text(text).split())


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images = 0
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.images += 1
        elif tag == "li":
            self._line_break()
            self.parts.append("- ")
        elif tag in _BLOCK_TAGS:
            self._line_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._line_break()

    def _line_break(self) -> None:
        """Start a new line unless one was just started (`</li><li>` is one break, not two)."""
        last = next((p for p in reversed(self.parts) if p.strip(" \t")), "\n")
        if not last.endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, int]:
    """Strip tags and decode entities (`<br>` and blocks become line breaks).

    Returns the text and how many images were dropped, so the importer can say so.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    # Whitespace inside HTML is not significant: collapse runs of spaces, keep line breaks.
    text = "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return clean_text(text), collector.images


def slugify(text: str, max_length: int = 40) -> str:
    """A lowercase ASCII slug (`[a-z0-9]` words joined by `-`), cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


class IdMaker:
    """Stable, unique card ids: a slug of the prompt plus a short hash of what identifies it.

    The hash comes from the prompt (or the source tool's own note id when it has one), so
    importing the same file again gives the same ids and progress keeps following the cards.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, prompt: str, identity: str | None = None) -> str:
        slug = slugify(prompt) or "card"
        base = f"{slug}-{short_hash(identity if identity is not None else prompt)}"
        card_id = base
        n = 2
        while card_id in self._used:
            card_id = f"{base}-{n}"
            n += 1
        self._used.add(card_id)
        return card_id


def tag_slug(tag: str) -> str:
    """An Anki/Quizlet tag as a deck tag (`Geo::Europe` → `geo-europe`); "" if nothing is left."""
    return slugify(tag.replace("::", " "), max_length=60)

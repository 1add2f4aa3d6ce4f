"""Volunteer Markdown judged where it is made: parsed as the site parses it, cleaned by nh3.

A pattern over Markdown source always disagrees with the renderer somewhere (nested
brackets, reference definitions inside a list or quote, reference-style images). So a
text is rendered to HTML by Python-Markdown with the site's own extensions, the HTML is
cleaned by nh3 with an allow-list of tags, attributes and URL schemes, and the site gets
Markdown that we write back from that clean tree, every character of text escaped. What
the cleaning removed is what `controleer` reports.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import markdown
import nh3
import yaml

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_BLOCKS = ("p", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dl")
_INLINE = ("a", "em", "strong", "code", "br")
TAGS = frozenset({*_BLOCKS, *_INLINE, "dt", "dd"})
ATTRIBUTES = {"a": {"href", "title"}}
_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!>|:=~^$@]")
_EMPTY = re.compile(r"( *> )* *((-|\d+\.) )?")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class Removal:
    """Something in a text that the cleaning removed: what (Dutch), fix (Dutch), and a clue
    to find the line (a piece of the source text)."""

    message: str
    hint: str
    clue: str


def to_html(text: str) -> str:
    """`text` as the site's Markdown parser renders it, raw HTML shown as text."""
    parser = _parser()
    parser.reset()
    return str(parser.convert(text.replace("<", "&lt;")))


def clean(text: str) -> str:
    """The HTML of `text` with everything outside the allow-list removed."""
    return str(
        nh3.clean(
            to_html(text),
            tags=set(TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            url_schemes=set(ALLOWED_SCHEMES),
            link_rel=None,
            strip_comments=True,
        )
    )


def removals(text: str) -> list[Removal]:
    """What cleaning `text` removes: images, and links whose address is not allowed."""
    if "[" not in text:  # every link and image Markdown makes starts with one
        return []
    found = _Elements.of(to_html(text))
    kept = {href for tag, attrs in _Elements.of(clean(text)) if tag == "a" for href in [attrs.get("href")]}
    removed: list[Removal] = []
    for tag, attrs in found:
        if tag == "img":
            removed.append(_image(attrs))
        elif tag == "a" and attrs.get("href") not in kept:
            removed.append(_link(attrs.get("href") or ""))
    return removed


MAX_NESTING = 30
"""The deepest a text's Markdown may nest (quotes in lists in quotes...); Typst stops near 32 quotes."""
_NESTERS = re.compile(r"[>*+_\-\[\d]")


def too_deep(text: str) -> Removal | None:
    """A problem when the Markdown of `text` nests deeper than MAX_NESTING elements."""
    if len(_NESTERS.findall(text)) < MAX_NESTING // 2:  # a list level (ul, li) needs one of these
        return None
    if _Depth.of(to_html(text)) <= MAX_NESTING:
        return None
    return Removal(
        f"de opmaak van deze tekst is te diep genest (meer dan {MAX_NESTING} niveaus in elkaar)",
        "schrijf minder citaten (>) en lijsten in elkaar; een gewone lijst of alinea is genoeg",
        "",
    )


@cache
def site_markdown(text: str, mark: Callable[[str], str] | None = None) -> str:
    """Markdown for the site that can only mean what the clean HTML of `text` means; `mark`
    may first mark words in that HTML's text (glossary.py)."""
    cleaned = clean(text)
    return _Writer.write(mark(cleaned) if mark else cleaned)


def link_target(url: str) -> str:
    """A web address as a Markdown link destination, or '' when its scheme is not allowed."""
    match = _SCHEME.match(url)
    if not match or match.group(1).lower() not in ALLOWED_SCHEMES:
        return ""
    return _destination(url.strip())


MARKDOWN_FIELDS = frozenset(
    {"voorwoord", "samenvatting", "inleiding", "tekst", "toelichting", "meetbaar", "huidig"}
)
"""Fields of an Edition that hold Markdown."""
PLAIN_FIELDS = frozenset(
    {"afdeling", "gemeente", "titel", "landelijke_titel", "bron", "naam", "afkorting"}
    | {"niet_gekozen", "trefwoorden", "themas", "website", "telefoon"}
    | {"indieners", "plaats", "soort", "besluit"}
)
"""Fields of an Edition that are names and titles: plain text, never Markdown."""


def each_text(value: Any, change: Callable[[str, str], Any], name: str = "") -> Any:
    """`value` with every string in it, in dataclasses and tuples, replaced by
    change(field name, string)."""
    if isinstance(value, str):
        return change(name, value)
    if isinstance(value, tuple):
        return tuple(each_text(item, change, name) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{f.name: each_text(getattr(value, f.name), change, f.name) for f in fields(value)}
        )
    return value


def plain(text: str) -> str:
    """A name or title as Markdown text: every character stays a character."""
    return _escape(" ".join(text.split()))


def _image(attrs: dict[str, str]) -> Removal:
    return Removal(
        "afbeeldingen in teksten worden niet ondersteund",
        "haal de afbeelding weg; een logo zet je bij 'logo' in het afdelingsbestand",
        attrs.get("src") or "![",
    )


def _link(href: str) -> Removal:
    decoded = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]", "", html.unescape(href))
    match = _SCHEME.match(decoded)
    what = f"'{match.group(1).lower()}:'" if match else "dit adres"
    return Removal(
        f"een link met {what} is niet toegestaan",
        "gebruik een gewoon webadres (https://...), een e-mailadres (mailto:...) of een link naar"
        " een pagina van de site",
        href or "](",
    )


@cache
def _parser() -> markdown.Markdown:
    config = yaml.safe_load(_CONFIG.read_text("utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions", []):
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name == "toc":
            continue  # only heading ids and permalinks, which the site adds itself
        names.append(name)
        options[name] = settings or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def _escape(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return _SPECIAL.sub(
        lambda m: f"&#{ord(m.group())};" if m.group() in "|:=~^$@" else "\\" + m.group(), escaped
    )


class _Elements(HTMLParser):
    """Every element of an HTML fragment with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    @classmethod
    def of(cls, fragment: str) -> list[tuple[str, dict[str, str]]]:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


class _Depth(HTMLParser):
    """How deep the elements of an HTML fragment nest."""

    _VOID = frozenset({"br", "hr", "img"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.deepest = 0

    @classmethod
    def of(cls, fragment: str) -> int:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser.deepest

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID:
            self.depth -= 1


class _Writer(HTMLParser):
    """Writes clean HTML (only TAGS) back as Markdown, every text character escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []
        self.links: list[tuple[str, str]] = []
        self.nesting: list[str] = []
        """The open lists ('-') and quotes ('>') from the outside in: each line inside them starts
        with their prefixes in that order (a quote in a list item is '    > ', not '>     ')."""
        self.pre = False
        self.fresh = False
        """Just after a list marker: the item's first paragraph goes on the marker's line."""
        self.emphasis: list[int] = []
        """Where each open em or strong starts in `out`."""

    @classmethod
    def write(cls, fragment: str) -> str:
        writer = cls()
        writer.feed(fragment)
        writer.close()
        # A line that is only a list marker or quote marker (ending in a space: code lines never
        # do) is an item or quote with no text: it becomes a blank line.
        lines = ["" if _EMPTY.fullmatch(line) else line.rstrip() for line in "".join(writer.out).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("p", "dl", "dt", "dd"):
            self._block()
        elif tag in ("ul", "ol"):
            self._block()
            self.lists.append([0 if tag == "ol" else -1])
            self.nesting.append("-")
        elif tag == "li":
            self._item()
        elif tag == "blockquote":
            first = self.fresh  # the first thing in a list item: the quote opens on the marker's line
            self._block()
            self.nesting.append(">")
            if first:
                self.out.append("> ")
                self.fresh = True
        elif tag.startswith("h") and tag[1:].isdigit():
            self._block()
            self.out.append("#" * int(tag[1]) + " ")
        elif tag == "pre":
            self._block()
            self.pre = True
        elif tag == "hr":
            self._block()
            self.out.append("* * *")
            self._block()
        elif tag == "br":
            self.out.append("<br>")
        elif tag in ("em", "strong"):
            self.emphasis.append(len(self.out))
        elif tag == "code" and not self.pre:
            self.out.append("<code>")
        elif tag == "a":
            self.links.append((values.get("href", ""), values.get("title", "")))
            self.out.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._close("-")
            self._block()
        elif tag == "blockquote":
            self._close(">")
            self._block()
        elif tag == "pre":
            self.pre = False
        elif tag in ("em", "strong") and self.emphasis:
            start = self.emphasis.pop()
            # Inside another em or strong, underscores: '*a *b**' would close in the wrong place.
            self._emphasise(("*" if len(self.emphasis) % 2 == 0 else "_") * (1 if tag == "em" else 2), start)
        elif tag == "code" and not self.pre:
            self.out.append("</code>")
        elif tag == "a" and self.links:
            href, title = self.links.pop()
            self.out.append(f"]({_destination(href)}{_title(title)})" if href else "]()")
        elif tag in _BLOCKS and tag != "li":
            self._block()

    def handle_data(self, data: str) -> None:
        if self.fresh and not data.strip():
            return
        self.fresh = False
        text = data if self.pre else re.sub(r"\s+", " ", data)
        if self.pre:
            literal = "\n".join(line.rstrip() for line in text.split("\n"))  # code, as it is
            self.out.append(_prefix_lines(literal, self._indent() + "    "))
            return
        self.out.append(_escape(text))

    def _emphasise(self, marker: str, start: int) -> None:
        """Put `marker` around what was written since `start`, with the spaces at either end
        outside it: Markdown reads '* a *' as stars, not as emphasis."""
        inner = "".join(self.out[start:])
        words = inner.strip(" ")
        lead, trail = inner[: len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")) :]
        self.out[start:] = [lead, marker, words, marker, trail] if words else [inner]

    def _block(self) -> None:
        if self.fresh:
            self.fresh = False
            return
        self.out.append("\n\n" + self._indent())

    def _item(self) -> None:
        if not self.lists:
            return
        counter = self.lists[-1]
        marker = "-" if counter[0] < 0 else f"{counter[0] + 1}."
        if counter[0] >= 0:
            counter[0] += 1
        self.out.append("\n" + self._indent(self.nesting[: self._innermost("-")]) + marker + " ")
        self.fresh = True

    def _indent(self, nesting: list[str] | None = None) -> str:
        return "".join(
            "    " if kind == "-" else "> " for kind in (self.nesting if nesting is None else nesting)
        )

    def _innermost(self, kind: str) -> int:
        return max((i for i, open_kind in enumerate(self.nesting) if open_kind == kind), default=0)

    def _close(self, kind: str) -> None:
        """Close the innermost open list or quote (and anything left open inside it)."""
        if kind in self.nesting:
            del self.nesting[self._innermost(kind) :]


def _destination(href: str) -> str:
    return "<" + quote(href, safe="/:#?&=%@+,;~!$'*.-_()") + ">"


def _title(title: str) -> str:
    return f' "{html.escape(title)}"' if title else ""


def _prefix_lines(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))

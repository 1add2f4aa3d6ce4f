"""The glossary (content/begrippen.yml): words a reader may not know, explained where they are used.

On a site, the first use of each word on a page becomes a link to its explanation on the page
Begrippen (begrippen.md), with the explanation as the link's title: a mouse shows it on
hover, a screen reader reads it as the link's description, and a tap or Enter opens the
explanation itself. The handbook gets an appendix with the words it uses.

Words are found in the clean HTML of a text (sanitize.clean), so never in a heading, a link,
code or bold text; names, titles and the sources of figures are plain fields and never
searched. Each use is wrapped in three characters from Unicode's private use area, which the
Markdown writer leaves alone; when a page is rendered, `finish` turns the first use of each
word into a link and drops the marks from the rest. A volunteer's text cannot hold these
characters (characters.py refuses them), and `Glossary.mark` removes them all the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

from markupsafe import Markup

from bouwstenen.names import slugify
from bouwstenen.problem import Problem
from bouwstenen.schema import schema_problems
from bouwstenen.yamlfile import Document, Path_, as_list

PAGE = "begrippen.md"
TITLE = "Begrippen"
_OPEN, _BETWEEN, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_OPEN}(\\d+){_BETWEEN}(.*?){_CLOSE}", re.DOTALL)
_MARKS = re.compile(f"[{_OPEN}{_BETWEEN}{_CLOSE}]")
_UNMARKED = ("h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "strong")
"""Elements whose text is never marked: headings, links, code, and bold text, which in a text
is a name or a heading of its own (the guide writes the sources it lists in bold)."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word with its explanation; `id` is its anchor on the page Begrippen."""

    id: str
    term: str
    uitleg: str
    voluit: str | None = None
    vormen: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The explanation in one line, as a link's title: 'Wmo (Wet ...): De wet ...'."""
        name = f"{self.term} ({self.voluit})" if self.voluit else self.term
        return " ".join(f"{name}: {self.uitleg}".split())


def terms_of(document: Document | None) -> tuple[Term, ...]:
    """The words of content/begrippen.yml, in the file's order; entries that are not whole
    (the schema reports them) are left out."""
    data = document.data if document is not None and isinstance(document.data, dict) else {}
    terms = []
    for entry in as_list(data.get("begrippen")):
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("term"), str)
            and isinstance(entry.get("uitleg"), str)
        ):
            terms.append(
                Term(
                    id=slugify(entry["term"]),
                    term=entry["term"],
                    uitleg=" ".join(entry["uitleg"].split()),
                    voluit=entry["voluit"] if isinstance(entry.get("voluit"), str) else None,
                    vormen=tuple(f for f in as_list(entry.get("vormen")) if isinstance(f, str)),
                )
            )
    return tuple(terms)


def problems(document: Document) -> list[Problem]:
    """What is wrong in content/begrippen.yml: the schema, and a word explained twice."""
    found = schema_problems(document, "begrippen")
    seen: dict[str, int] = {}
    for path, form in _forms(document):
        line = document.line(path)
        key = slugify(form)
        if key not in seen:
            seen[key] = line
            continue
        found.append(
            Problem(
                document.path,
                line,
                f"het woord '{form}' staat twee keer in de begrippen (eerder op regel {seen[key]})",
                "houd één uitleg over; een andere vorm van een woord zet je onder 'vormen'",
            )
        )
    return found


def _forms(document: Document) -> Iterator[tuple[Path_, str]]:
    """Every written form in the file, each word and its other forms, with where it stands."""
    entries = document.data.get("begrippen") if isinstance(document.data, dict) else None
    for index, entry in enumerate(as_list(entries)):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("term"), str):
            yield ("begrippen", index, "term"), entry["term"]
        for number, form in enumerate(as_list(entry.get("vormen"))):
            if isinstance(form, str):
                yield ("begrippen", index, "vormen", number), form


@dataclass(frozen=True, slots=True)
class Glossary:
    """The words to mark in a site's texts."""

    terms: tuple[Term, ...]

    def mark(self, clean_html: str) -> str:
        """`clean_html` with every use of a word marked, but not inside _UNMARKED."""
        if not self.terms:
            return clean_html
        return _Marker.rewrite(clean_html, self.terms)


def marked(texts: Iterable[str]) -> frozenset[int]:
    """The index of every word marked in `texts`."""
    return frozenset(int(match.group(1)) for text in texts for match in _MARKED.finditer(text))


def finish(markdown: str, terms: tuple[Term, ...], page: str) -> str:
    """`markdown` with the first use of each marked word linked to its explanation on `page`
    (the page Begrippen, relative to this one) and the marks of every other use removed."""
    if _OPEN not in markdown:
        return markdown
    seen: set[int] = set()

    def link(match: re.Match[str]) -> str:
        index, shown = int(match.group(1)), match.group(2)
        if index in seen or index >= len(terms):
            return shown
        seen.add(index)
        term = terms[index]
        return f'<span class="begrip">[{shown}]({page}#{term.id} "{_link_title(term.title)}")</span>'

    return _MARKED.sub(link, markdown)


def listing(terms: tuple[Term, ...], used: Iterable[int]) -> list[dict[str, Any]]:
    """The words with these indexes for the page Begrippen, in alphabetical order, each value
    escaped for HTML."""
    chosen = sorted((terms[i] for i in set(used) if i < len(terms)), key=_order)
    return [
        {
            "id": term.id,
            "term": Markup(html.escape(term.term)),
            "voluit": Markup(html.escape(term.voluit)) if term.voluit else None,
            "uitleg": Markup(html.escape(term.uitleg)),
        }
        for term in chosen
    ]


def used(text: str, terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The words that `text` (a handbook) uses, in alphabetical order."""
    if not terms:
        return ()
    pattern, index = _pattern(terms)
    found = {index[_spaces(match.group())] for match in pattern.finditer(text)}
    return tuple(sorted((terms[i] for i in found), key=_order))


def _order(term: Term) -> str:
    return term.term.casefold()


def _link_title(title: str) -> str:
    """A link title for Markdown: no quote, backslash or table bar can end or break it."""
    return html.escape(title).replace("\\", "&#92;").replace("|", "&#124;")


def _spaces(text: str) -> str:
    return " ".join(text.split())


@cache
def _pattern(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], Mapping[str, int]]:
    """One expression for every form of every word (the longest first, so 'integrale intakes'
    wins over 'integrale intake'), and which word each written form belongs to.

    A form with a capital letter (an abbreviation or a name) matches only as written; a form
    in small letters also with a capital at the start, as at the start of a sentence.
    """
    index: dict[str, int] = {}
    for number, term in enumerate(terms):
        for form in (term.term, *term.vormen):
            written = _spaces(form)
            index.setdefault(written, number)
            if written == written.lower():
                index.setdefault(written[0].upper() + written[1:], number)
    forms = sorted(index, key=lambda form: (-len(form), form))
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split(" ")) for form in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), index


class _Marker(HTMLParser):
    """Rewrites clean HTML with each use of a word wrapped in the marks, outside _UNMARKED."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.pattern, self.index = _pattern(terms)
        self.out: list[str] = []
        self.inside: list[str] = []

    @classmethod
    def rewrite(cls, fragment: str, terms: tuple[Term, ...]) -> str:
        marker = cls(terms)
        marker.feed(fragment)
        marker.close()
        return "".join(marker.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in _UNMARKED:
            self.inside.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self.inside:
            del self.inside[len(self.inside) - 1 - self.inside[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        text = _MARKS.sub("", data)
        if not self.inside:
            text = self.pattern.sub(self._wrap, text)
        self.out.append(html.escape(text, quote=False))

    def _wrap(self, match: re.Match[str]) -> str:
        number = self.index[_spaces(match.group())]
        return f"{_OPEN}{number}{_BETWEEN}{match.group()}{_CLOSE}"

"""Stage 4, render (handbook): an Edition becomes one handbook in pandoc Markdown, and the
guide for aspiring aldermen becomes one document too.

The Markdown is written for pandoc, not for MkDocs: no admonitions, no HTML. Templates
live in macros/handboek/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import yaml
from babel.dates import format_date

from bouwstenen import glossary
from bouwstenen.compose import Edition, Fact, GuidePage
from bouwstenen.sanitize import PLAIN_FIELDS, each_text, plain
from bouwstenen.templates import render_template

GUIDE_TITLE = "Gids voor aspirant-wethouders"
GUIDE_FOLDER = "gids"
GUIDE_FILE = "gids-voor-aspirant-wethouders"
"""The stem of the guide's PDF, which the portal publishes in GUIDE_FOLDER."""
"""Where the guide's pages and its PDF live on every site (a name no branch may take)."""
_FIRST_HEADING = re.compile(r"^# .*\n?", re.MULTILINE)
_ELISION = re.compile(r"(?<![^\s(\[\"“‘*_>])'(?=(?:[kmnst]|\d\d)(?!\w))")
"""A straight quote that starts a Dutch elision ('s-Hertogenbosch, 's avonds, 't, 'n, '80):
an apostrophe, never an opening quote."""


@dataclass(frozen=True, slots=True)
class Handbook:
    """A document for the engines (a branch's handbook, or the guide), with what they need
    beside the text."""

    slug: str
    markdown: str
    title: str
    author: str
    primair: str
    accent: str
    logo: str | None
    filename: str
    """The shared stem of the files made from it."""
    folder: str
    """Where its files go on the published site, to point a problem at."""
    logo_alt: str = ""
    """What is on the logo (`logo_beschrijving`), the alt text in the PDF, DOCX and ODT."""
    concept: bool = False
    """A concept: CONCEPT across every PDF page, line numbers to cite, Concept in the DOCX and ODT header."""
    chapter_on_new_page: bool = False
    """Every chapter of the PDF on a new page (`hoofdstuk_op_nieuwe_pagina: ja` in
    content/partij.yml); else a chapter follows the previous one where it fits."""
    links: tuple[tuple[str, str], ...] = ()
    """Relative link targets and what they become inside the document; with links, any
    other relative link loses its target (a printed page has no neighbours)."""


def build_date() -> date:
    """The date printed on the handbook: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date()


def render_handbook(edition: Edition, built_on: date, site_url: str) -> Handbook:
    """The handbook of `edition`; `site_url` is where the branch site will be published."""
    title = _apostrophes(f"Gemeenteprogramma {edition.gemeente}")
    text_edition: Edition = each_text(edition, _handbook_text)
    metadata = _metadata(
        f"Gemeenteprogramma {text_edition.gemeente}",
        "Sociaal domein: handboek voor de programmacommissie",
        text_edition.afdeling,
        _date_line(edition, built_on),
    )
    text = _with_glossary(
        text_edition.begrippen,
        "handboek.md.j2",
        e=text_edition,
        metadata=metadata,
        bronnen=_sources(text_edition),
        site_url=site_url,
    )
    return Handbook(
        slug=edition.slug,
        markdown=text,
        title=title,
        author=_apostrophes(edition.afdeling),
        primair=edition.partij.primair,
        accent=edition.partij.accent,
        logo=edition.logo,
        logo_alt=edition.logo_beschrijving or "",
        filename=f"{edition.slug}-gemeenteprogramma",
        folder=f"{edition.slug}/downloads",
        concept=edition.status == "concept",
        chapter_on_new_page=edition.partij.hoofdstuk_op_nieuwe_pagina,
    )


def _date_line(edition: Edition, built_on: date) -> str:
    """The line under the title: the adoption for an adopted program, else the date, marked
    as a concept for a concept."""
    if edition.vastgesteld_op is not None:
        adopted = format_date(edition.vastgesteld_op, format="long", locale="nl")
        return f"Vastgesteld door de ledenvergadering op {adopted}"
    day = format_date(built_on, format="long", locale="nl")
    return f"Concept, {day}" if edition.status == "concept" else day


def render_amendments(edition: Edition, built_on: date) -> Handbook | None:
    """The amendments to the program of `edition` as one document for the members' meeting:
    each with the concept's text beside the proposed one, the reason and room for the vote;
    None without amendments."""
    if not edition.amendementen:
        return None
    text_edition: Edition = each_text(edition, _handbook_text)
    metadata = _metadata(
        f"Amendementen {text_edition.gemeente}",
        "Voor de ledenvergadering: het concept en de voorgestelde teksten",
        text_edition.afdeling,
        format_date(built_on, format="long", locale="nl"),
    )
    text = render_template(
        "handboek",
        "amendementen.md.j2",
        e=text_edition,
        metadata=metadata,
    )
    return Handbook(
        slug=edition.slug,
        markdown=text,
        title=_apostrophes(f"Amendementen {edition.gemeente}"),
        author=_apostrophes(edition.afdeling),
        primair=edition.partij.primair,
        accent=edition.partij.accent,
        logo=edition.logo,
        logo_alt=edition.logo_beschrijving or "",
        filename=f"{edition.slug}-amendementen",
        folder=f"{edition.slug}/downloads",
    )


def render_guide(library: Edition, built_on: date) -> Handbook:
    """The guide for aspiring aldermen as one document, the same for every site: its pages in
    the guide's order, one chapter each; a link to another page becomes a link inside it.

    `library` is the national library's Edition (compose_library); the guide holds no
    branch variables, so one PDF serves every site.
    """
    party = library.partij.naam
    metadata = _metadata(
        GUIDE_TITLE,
        "Sociaal domein: wat de rol van je vraagt",
        plain(party),
        format_date(built_on, format="long", locale="nl"),
    )
    text = _with_glossary(
        each_text(library.begrippen, _handbook_text),
        "gids.md.j2",
        metadata=metadata,
        gids=_guide_chapters(library.gids),
    )
    return Handbook(
        slug=GUIDE_FOLDER,
        markdown=text,
        title=GUIDE_TITLE,
        author=party,
        primair=library.partij.primair,
        accent=library.partij.accent,
        logo=library.logo,
        logo_alt=library.logo_beschrijving or "",
        filename=GUIDE_FILE,
        folder=GUIDE_FOLDER,
        links=tuple((f"{page.slug}.md", f"#gids-{page.slug}") for page in library.gids),  # ids: gids.md.j2
    )


def _with_glossary(terms: tuple[glossary.Term, ...], template: str, **context: Any) -> str:
    """macros/handboek/<template> with the appendix Begrippen: the glossary's words that the
    document uses (found in the document without it), each as plain text."""
    text = render_template("handboek", template, begrippen=(), **context)
    words = glossary.used(text, terms)
    if not words:
        return text
    listed = [each_text(term, lambda _name, value: plain(value)) for term in words]
    return render_template("handboek", template, begrippen=listed, **context)


def _guide_chapters(pages: Sequence[GuidePage]) -> list[GuidePage]:
    """The pages with their title as plain text and their text without that title (the
    template gives every chapter its heading, with an id that links can point to)."""
    return [
        replace(
            page,
            titel=_apostrophes(plain(page.titel)),
            tekst=_apostrophes(_FIRST_HEADING.sub("", page.tekst, count=1)),
        )
        for page in pages
    ]


def _metadata(title: str, subtitle: str, author: str, date_line: str) -> str:
    """The YAML block pandoc reads first: what goes on the title page, and the language."""
    data = {
        "title": title,
        "subtitle": subtitle,
        "author": author,
        "date": date_line,
        "lang": "nl-NL",
        "toc-title": "Inhoud",
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).strip()


def _handbook_text(name: str, text: str) -> str:
    """Names and titles are plain text: a link, `*` or a new line in one stays as typed (a
    PDF header holds no link); Markdown fields go to pandoc, whose Lua filter judges links.
    Either way an elision gets its apostrophe."""
    return _apostrophes(plain(text) if name in PLAIN_FIELDS else text)


def _apostrophes(text: str) -> str:
    """`text` with the straight quote that starts a Dutch elision ('s-Hertogenbosch, 's avonds,
    't, 'n) written as the apostrophe U+2019.

    Pandoc reads such a quote as an opening quote when a closing one follows in the
    paragraph; an apostrophe it never misreads. (A quote inside a word, as in zo'n, pandoc
    already reads as an apostrophe.)
    """
    return _ELISION.sub("\u2019", text)


def _sources(edition: Edition) -> list[Fact]:
    """Every source cited in the handbook once, sorted by name and year, with its web address
    (the first in sorted order when facts from one source give different ones)."""
    facts = [*edition.gemeente_feiten]
    for chapter in edition.hoofdstukken:
        facts += [*chapter.lokale_feiten, *chapter.feiten]
    urls: dict[tuple[str, int], list[str]] = {}
    for fact in facts:
        urls.setdefault((fact.bron, fact.jaar), []).extend([fact.url] if fact.url else [])
    first = {(fact.bron, fact.jaar): fact for fact in reversed(facts)}
    return [replace(first[key], url=min(urls[key], default=None)) for key in sorted(first)]

"""Stage 4, render (handbook): an Edition becomes one handbook in pandoc Markdown.

The handbook Markdown is written for pandoc, not for MkDocs: no admonitions, no HTML.
Templates live in macros/handboek/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import yaml
from babel.dates import format_date

from bouwstenen.compose import Chapter, Edition, Fact
from bouwstenen.sanitize import plain
from bouwstenen.templates import render_template


@dataclass(frozen=True, slots=True)
class Handbook:
    """The handbook of one branch, with what the document engines need beside the text."""

    slug: str
    markdown: str
    title: str
    author: str
    primair: str
    accent: str
    logo: str | None

    @property
    def filename(self) -> str:
        """The shared stem of the four download files."""
        return f"{self.slug}-gemeenteprogramma"


def build_date() -> date:
    """The date printed on the handbook: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date()


def render_handbook(edition: Edition, built_on: date, site_url: str) -> Handbook:
    """The handbook of `edition`; `site_url` is where the branch site will be published."""
    title = f"Gemeenteprogramma {edition.gemeente}"
    metadata = {
        "title": title,
        "subtitle": "Sociaal domein: handboek voor de programmacommissie",
        "author": edition.afdeling,
        "date": format_date(built_on, format="long", locale="nl"),
        "lang": "nl-NL",
        "toc-title": "Inhoud",
    }
    text = render_template(
        "handboek",
        "handboek.md.j2",
        e=replace(edition, hoofdstukken=tuple(_plain_titles(h) for h in edition.hoofdstukken)),
        metadata=yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False).strip(),
        bronnen=_sources(edition),
        site_url=site_url,
    )
    return Handbook(
        slug=edition.slug,
        markdown=text,
        title=title,
        author=edition.afdeling,
        primair=edition.partij.primair,
        accent=edition.partij.accent,
        logo=edition.logo,
    )


def _plain_titles(chapter: Chapter) -> Chapter:
    """Titles are plain text: a link or `*` in one stays as typed (a PDF header holds no link)."""
    examples = tuple(replace(example, titel=plain(example.titel)) for example in chapter.voorbeelden)
    return replace(chapter, titel=plain(chapter.titel), voorbeelden=examples)


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

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

from bouwstenen.compose import Edition, Fact
from bouwstenen.sanitize import PLAIN_FIELDS, each_text, plain
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
    text_edition: Edition = each_text(edition, _handbook_text)
    metadata = {
        "title": f"Gemeenteprogramma {text_edition.gemeente}",
        "subtitle": "Sociaal domein: handboek voor de programmacommissie",
        "author": text_edition.afdeling,
        "date": format_date(built_on, format="long", locale="nl"),
        "lang": "nl-NL",
        "toc-title": "Inhoud",
    }
    text = render_template(
        "handboek",
        "handboek.md.j2",
        e=text_edition,
        metadata=yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False).strip(),
        bronnen=_sources(text_edition),
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


def _handbook_text(name: str, text: str) -> str:
    """Names and titles are plain text: a link, `*` or a new line in one stays as typed (a
    PDF header holds no link); Markdown fields go to pandoc, whose Lua filter judges links."""
    return plain(text) if name in PLAIN_FIELDS else text


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

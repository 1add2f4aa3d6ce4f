"""Stage 3, compose: the library plus one branch becomes one immutable Edition.

Compose reads only a library that validated without errors; everything downstream
reads only Editions.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from bouwstenen import amend
from bouwstenen.glossary import Term, terms_of
from bouwstenen.load import Library
from bouwstenen.names import stem
from bouwstenen.sources import Source, catalogue, resolve
from bouwstenen.validate import MAX_CORE_POINTS, adoption_date, context_for, is_core, renamed
from bouwstenen.variables import render_text


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure with its source (the full reference, never an id) and year; `lokaal` when the
    branch added it."""

    tekst: str
    bron: str
    jaar: int
    url: str | None
    lokaal: bool


@dataclass(frozen=True, slots=True)
class Point:
    """A program point; `meetbaar` says how to check after four years whether it was done;
    `lokaal` when it is the branch's own."""

    id: str
    tekst: str
    toelichting: str | None
    meetbaar: str | None
    lokaal: bool


@dataclass(frozen=True, slots=True)
class Example:
    """A practice example."""

    titel: str
    tekst: str


@dataclass(frozen=True, slots=True)
class GuideLink:
    """A link from a card to a page of the guide."""

    slug: str
    titel: str


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chosen card as this branch uses it."""

    id: str
    titel: str
    samenvatting: str
    inleiding: str
    standpunten: tuple[Point, ...]
    weggelaten: tuple[Point, ...]
    feiten: tuple[Fact, ...]
    lokale_feiten: tuple[Fact, ...]
    voorbeelden: tuple[Example, ...]
    gids: tuple[GuideLink, ...]
    trefwoorden: tuple[str, ...]
    gewijzigd: tuple[str, ...]
    landelijke_titel: str
    kernpunten: tuple[str, ...] = ()
    """The ids of the core points (see core_ids), in the order the short version shows them."""

    @property
    def kern(self) -> tuple[Point, ...]:
        """The core points as they stand in `standpunten` (an amendment may have removed one)."""
        points = {point.id: point for point in self.standpunten}
        return tuple(points[i] for i in self.kernpunten if i in points)


@dataclass(frozen=True, slots=True)
class CardLink:
    """A link from a page of the guide to a chosen card that lists the page."""

    id: str
    titel: str


@dataclass(frozen=True, slots=True)
class GuidePage:
    """A page of the guide for aspiring aldermen, in the order of the guide's index; `themas`
    are the chosen cards that list this page under `gids`, in the edition's order."""

    slug: str
    titel: str
    tekst: str
    themas: tuple[CardLink, ...]


@dataclass(frozen=True, slots=True)
class Party:
    """The national party and its house style."""

    naam: str
    afkorting: str | None
    primair: str
    accent: str
    logo: str | None
    email: str
    website: str | None
    telefoon: str | None
    weggelaten_tonen: bool = False
    """`weggelaten_tonen: ja` in content/partij.yml: 'Over dit programma' lists the dropped points."""
    hoofdstuk_op_nieuwe_pagina: bool = False
    """`hoofdstuk_op_nieuwe_pagina: ja` in content/partij.yml: each PDF chapter on a new page."""


@dataclass(frozen=True, slots=True)
class Edition:
    """One branch's program: everything render needs, and nothing else."""

    slug: str
    afdeling: str
    gemeente: str
    status: str | None
    """'concept', 'vastgesteld', or None when the branch file does not say."""
    vastgesteld_op: datetime.date | None
    """The day the members' meeting adopted the program (only when vastgesteld)."""
    gemeente_feiten: tuple[Fact, ...]
    voorwoord: str
    logo: str | None
    partij: Party
    hoofdstukken: tuple[Chapter, ...]
    niet_gekozen: tuple[str, ...]
    gids: tuple[GuidePage, ...]
    amendementen: tuple[amend.Amendment, ...] = ()
    """Every amendment to the concept, with the members' meeting's decision; the adopted ones
    are applied to the chapters."""
    logo_beschrijving: str | None = None
    """The alt text of `logo`: what is on it, for whoever cannot see it."""
    begrippen: tuple[Term, ...] = ()
    """The glossary (content/begrippen.yml): the words render explains where they are used."""


@dataclass(frozen=True, slots=True)
class Listing:
    """What the portal shows of a branch on the site: its name, municipality and themes."""

    slug: str
    afdeling: str
    gemeente: str
    themas: tuple[str, ...]
    status: str | None = None


def listing(edition: Edition) -> Listing:
    """The portal's entry for `edition`."""
    titles = tuple(chapter.titel for chapter in edition.hoofdstukken)
    return Listing(edition.slug, edition.afdeling, edition.gemeente, titles, edition.status)


LIBRARY_SLUG = "bibliotheek"
_PLACEHOLDERS = {
    "gemeente": {"naam": "[gemeente]"},
    "afdeling": "[afdeling]",
}


def compose(library: Library, slug: str, *, amended: bool = True) -> Edition:
    """The Edition of branch `slug`, with its adopted amendments applied unless `amended` is
    False (the concept as members numbered it); the library must have validated without errors."""
    branch = library.branch(slug)
    if branch is None:
        raise LookupError(f"no branch {slug!r} in a validated library")
    context = context_for(library, branch)
    edition = _edition(library, slug, branch.data, context)
    if not amended:
        return edition
    return amend.apply(edition, library.amendments_of(slug), lambda text: render_text(text, context))


def compose_library(library: Library) -> Edition:
    """The whole national library as one Edition: every card, every point, no changes."""
    data = {
        **_PLACEHOLDERS,
        "voorwoord": "",
        "themas": [{"kaart": stem(card.path)} for card in library.themes],
    }
    party = context_for(library, None)["partij"]
    return _edition(library, LIBRARY_SLUG, data, {**_PLACEHOLDERS, "partij": party})


def _edition(library: Library, slug: str, data: Mapping[str, Any], context: dict[str, Any]) -> Edition:
    if library.party is None:
        raise LookupError("no party in a validated library")
    chosen = [choice["kaart"] for choice in data["themas"]]
    sources = catalogue(library)
    chapters = tuple(_chapter(library, slug, choice, context, sources) for choice in data["themas"])
    return Edition(
        slug=slug,
        afdeling=data["afdeling"],
        gemeente=data["gemeente"]["naam"],
        status=data.get("status"),
        vastgesteld_op=_adopted_on(data),
        gemeente_feiten=_facts(data["gemeente"].get("feiten", []), context, sources, lokaal=True),
        voorwoord=render_text(data["voorwoord"], context),
        logo=data.get("logo") or library.party.data.get("logo"),
        logo_beschrijving=(data if data.get("logo") else library.party.data).get("logo_beschrijving"),
        partij=_party(library.party.data),
        hoofdstukken=chapters,
        niet_gekozen=tuple(
            render_text(card.data["titel"], context)
            for card in library.themes
            if stem(card.path) not in chosen
        ),
        gids=_guide(library, chapters),
        begrippen=terms_of(library.glossary),
    )


def _adopted_on(data: Mapping[str, Any]) -> datetime.date | None:
    return adoption_date(data.get("vastgesteld_op")) if data.get("status") == "vastgesteld" else None


def as_dict(edition: Edition) -> dict[str, Any]:
    """The Edition as plain data (lists and dicts), for golden files and caches."""
    plain: dict[str, Any] = _plain(asdict(edition))
    return plain


def _chapter(
    library: Library,
    slug: str,
    choice: Mapping[str, Any],
    context: dict[str, Any],
    sources: Mapping[str, Source],
) -> Chapter:
    card_document = library.card_for(slug, choice["kaart"])
    assert card_document is not None, "validate guarantees every chosen card exists"
    card = card_document.data
    guide = {page.slug: page.title for page in library.guide}
    points = {point["id"]: point for point in card["standpunten"]}
    kept = _kept_ids(choice, [point["id"] for point in card["standpunten"]], renamed(card_document))
    own = choice.get("eigen_standpunten", [])
    return Chapter(
        id=card["id"],
        titel=render_text(choice.get("titel", card["titel"]), context),
        samenvatting=render_text(card["samenvatting"], context),
        inleiding=render_text(choice.get("inleiding", card["inleiding"]), context),
        standpunten=tuple(_point(points[i], context, lokaal=False) for i in kept)
        + tuple(_point(p, context, lokaal=True) for p in own),
        weggelaten=tuple(_point(points[i], context, lokaal=False) for i in points if i not in kept),
        feiten=_facts(card["feiten"], context, sources, lokaal=False),
        lokale_feiten=_facts(choice.get("lokale_feiten", []), context, sources, lokaal=True),
        voorbeelden=tuple(
            Example(render_text(e["titel"], context), render_text(e["tekst"], context))
            for e in card.get("voorbeelden", [])
        ),
        gids=tuple(GuideLink(slug, guide[slug]) for slug in card.get("gids", [])),
        trefwoorden=tuple(card.get("trefwoorden", [])),
        gewijzigd=tuple(key for key in ("titel", "inleiding") if key in choice),
        landelijke_titel=render_text(card["titel"], context),
        kernpunten=core_ids(choice, [points[i] for i in kept], own, renamed(card_document)),
    )


def core_ids(
    choice: Mapping[str, Any],
    kept: list[Mapping[str, Any]],
    own: list[Mapping[str, Any]],
    olds: Mapping[str, str],
) -> tuple[str, ...]:
    """The core points of one chosen card: the branch's `kernpunten` when it lists them; else
    its own points marked `kern` and then the card's marked points it keeps (at most three);
    else the first three points it keeps."""
    if "kernpunten" in choice:
        return tuple(olds.get(point_id, point_id) for point_id in choice["kernpunten"])
    marked = [point["id"] for point in (*own, *kept) if is_core(point)][:MAX_CORE_POINTS]
    if marked:
        return tuple(marked)
    return tuple(point["id"] for point in (*kept, *own)[:MAX_CORE_POINTS])


def _guide(library: Library, chapters: tuple[Chapter, ...]) -> tuple[GuidePage, ...]:
    """Guide pages: the index first, then in the order the index links to them; each with the
    chosen cards that link to it."""
    pages = {page.slug: page for page in library.guide}
    index = pages.get("index")
    linked = re.findall(r"\]\(([a-z0-9-]+)\.md\)", index.text) if index else []
    order = ["index", *dict.fromkeys(s for s in linked if s in pages and s != "index")]
    order += sorted(set(pages) - set(order))
    cards = {
        s: tuple(CardLink(h.id, h.titel) for h in chapters if s in {g.slug for g in h.gids}) for s in order
    }
    return tuple(GuidePage(s, pages[s].title, pages[s].text, cards[s]) for s in order if s in pages)


def _kept_ids(choice: Mapping[str, Any], all_ids: list[str], olds: Mapping[str, str]) -> list[str]:
    """The ids of the card's points the branch keeps, an old id (`vervangt`) read as the new one."""
    if "standpunten" in choice:
        return [olds.get(point_id, point_id) for point_id in choice["standpunten"]]
    dropped = {olds.get(point_id, point_id) for point_id in choice.get("weglaten", [])}
    return [point_id for point_id in all_ids if point_id not in dropped]


def _point(point: Mapping[str, Any], context: dict[str, Any], *, lokaal: bool) -> Point:
    note, check = point.get("toelichting"), point.get("meetbaar")
    return Point(
        id=point["id"],
        tekst=render_text(point["tekst"], context),
        toelichting=render_text(note, context) if note else None,
        meetbaar=render_text(check, context) if check else None,
        lokaal=lokaal,
    )


def _facts(
    facts: list[Mapping[str, Any]], context: dict[str, Any], sources: Mapping[str, Source], *, lokaal: bool
) -> tuple[Fact, ...]:
    """The facts with their sources resolved: an id becomes the full reference and its web address."""
    resolved = [(fact, resolve(sources, fact["bron"], fact.get("url"))) for fact in facts]
    return tuple(
        Fact(
            tekst=render_text(fact["tekst"], context),
            bron=bron,
            jaar=fact["jaar"],
            url=url,
            lokaal=lokaal,
        )
        for fact, (bron, url) in resolved
    )


def _party(data: Mapping[str, Any]) -> Party:
    contact = data["contact"]
    return Party(
        naam=data["naam"],
        afkorting=data.get("afkorting"),
        primair=data["kleuren"]["primair"],
        accent=data["kleuren"]["accent"],
        logo=data.get("logo"),
        email=contact["email"],
        website=contact.get("website"),
        telefoon=contact.get("telefoon"),
        weggelaten_tonen=data.get("weggelaten_tonen") in ("ja", True),
        hoofdstuk_op_nieuwe_pagina=data.get("hoofdstuk_op_nieuwe_pagina") in ("ja", True),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value

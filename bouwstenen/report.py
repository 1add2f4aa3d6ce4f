"""The national office's report: what every branch did with the library (`python build.py rapport`).

A sibling of render: Editions (and the library) in, files out. It writes rapport/ beside
site/, never published: one HTML page that works offline (sortable tables, no request to
any other host), a page per branch with each reworded text beside the library's, and CSV
files for a spreadsheet. Templates are in macros/rapport/.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bouwstenen import plain, stemhulp, updates, warnings
from bouwstenen.compose import Chapter, Edition, compose
from bouwstenen.isolate import unpublished
from bouwstenen.load import Library, pinned_path
from bouwstenen.templates import csv_bytes, render_page
from bouwstenen.validate import context_for
from bouwstenen.variables import render_text

FOLDER = "rapport"
STATUS = {"concept": "concept", "vastgesteld": "vastgesteld", None: "niet vermeld"}


@dataclass(frozen=True, slots=True)
class Reworded:
    """A title or introduction the branch wrote itself, beside the library's text."""

    card: str
    field: str
    national: str
    own: str


@dataclass(frozen=True, slots=True)
class BranchRow:
    """What one branch did with the library."""

    slug: str
    afdeling: str
    gemeente: str
    status: str
    published: bool
    pinned: bool
    behind: int
    """How many changes of the library a pinned branch has not taken in (0 when not pinned)."""
    cards: tuple[str, ...]
    dropped: tuple[tuple[str, str, str], ...]
    """(card, point, text) of every national point the branch left out."""
    reworded: tuple[Reworded, ...]
    own_points: tuple[tuple[str, str, str], ...]
    """(card, id, text) of every point of its own."""
    local_figures: tuple[tuple[str, str, str, int], ...]
    """(card or '' for the municipality, text, source, year)."""
    outdated: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class CardRow:
    """How the branches use one card."""

    id: str
    titel: str
    branches: tuple[str, ...]
    dropped_most: tuple[tuple[str, int], ...]
    """(point, how many branches drop it), most dropped first."""
    own_points: tuple[tuple[str, str, str], ...]
    """(branch, id, text) of the own points branches wrote on this card."""
    reading_ease: int | None = None
    """Flesch-Douma score of the card's texts (plain.py): 60 to 70 normal, higher is easier."""

    @property
    def reading_verdict(self) -> str:
        return plain.verdict(self.reading_ease)


@dataclass(frozen=True, slots=True)
class OldFigure:
    """A figure older than the party's limit, with the branches whose program has it."""

    file: str
    line: int
    year: int
    text: str
    branches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two points on different cards that say nearly the same, and the branches taking both."""

    pair: warnings.Pair
    branches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Deviation:
    """A branch's answer for voting aids that is not the national line."""

    branch: str
    statement: str
    stelling: str
    lijn: str
    antwoord: str
    toelichting: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report shows."""

    made_on: date
    limit: int
    branches: tuple[BranchRow, ...]
    cards: tuple[CardRow, ...]
    old_figures: tuple[OldFigure, ...]
    duplicates: tuple[Duplicate, ...]
    left_out: tuple[str, ...]
    """Branches not in the report because of mistakes in their own files."""
    deviations: tuple[Deviation, ...] = ()
    """Per branch, its answers for voting aids that differ from the national line."""

    @property
    def deviating_statements(self) -> tuple[str, ...]:
        """The ids of the statements some branch answers otherwise, in the national order."""
        return tuple(dict.fromkeys(d.statement for d in self.deviations))


def collect(library: Library, slugs: Sequence[str], left_out: Sequence[str], made_on: date) -> Report:
    """The report on branches `slugs` (which must have validated) of a validated library."""
    editions = [compose(library, slug) for slug in slugs]
    changes = updates.changes(library)
    hidden = unpublished(library)
    rows = tuple(_branch_row(library, edition, changes, hidden, made_on.year) for edition in editions)
    return Report(
        made_on=made_on,
        limit=warnings.outdated_after(library),
        branches=rows,
        cards=tuple(_card_row(library, card.data, rows) for card in library.themes),
        old_figures=_old_figures(library, slugs, made_on.year),
        duplicates=_duplicates(library, slugs),
        left_out=tuple(left_out),
        deviations=_deviations(library, slugs),
    )


def _deviations(library: Library, slugs: Sequence[str]) -> tuple[Deviation, ...]:
    """Every answer of a branch that is not the national line, by statement in the national
    order, then by branch."""
    order = {statement.id: index for index, statement in enumerate(stemhulp.statements(library))}
    found = [
        Deviation(
            slug,
            str(answer.id),
            answer.stelling,
            str(answer.lijn),
            answer.antwoord,
            " ".join(
                render_text(answer.toelichting or "", context_for(library, library.branch(slug))).split()
            ),
        )
        for slug in slugs
        for answer in stemhulp.answers(library, slug)
        if answer.differs
    ]
    return tuple(sorted(found, key=lambda d: (order.get(d.statement, len(order)), d.branch)))


def _branch_row(
    library: Library, edition: Edition, changes: Sequence[Any], hidden: frozenset[str], year: int
) -> BranchRow:
    slug = edition.slug
    chapters = edition.hoofdstukken
    return BranchRow(
        slug=slug,
        afdeling=edition.afdeling,
        gemeente=edition.gemeente,
        status=STATUS.get(edition.status, str(edition.status)),
        published=slug not in hidden,
        pinned=library.pins(slug) is not None,
        behind=sum(change.file == pinned_path(slug) for change in changes),
        cards=tuple(h.id for h in chapters),
        dropped=tuple((h.id, p.id, p.tekst) for h in chapters for p in h.weggelaten),
        reworded=tuple(r for h in chapters for r in _reworded(library, slug, h)),
        own_points=tuple((h.id, p.id, p.tekst) for h in chapters for p in h.standpunten if p.lokaal),
        local_figures=tuple(("", f.tekst, f.bron, f.jaar) for f in edition.gemeente_feiten)
        + tuple((h.id, f.tekst, f.bron, f.jaar) for h in chapters for f in h.lokale_feiten),
        outdated=len(warnings.outdated_figures(library, slug, year)),
        duplicates=len(warnings.duplicate_points(library, slug)),
    )


def _reworded(library: Library, slug: str, chapter: Chapter) -> list[Reworded]:
    found = []
    if "titel" in chapter.gewijzigd:
        found.append(Reworded(chapter.id, "titel", chapter.landelijke_titel, chapter.titel))
    card = library.card_for(slug, chapter.id)
    if "inleiding" in chapter.gewijzigd and card is not None:
        context = context_for(library, library.branch(slug))
        national = render_text(card.data["inleiding"], context)
        found.append(Reworded(chapter.id, "inleiding", national, chapter.inleiding))
    return found


def _card_row(library: Library, card: Any, rows: Sequence[BranchRow]) -> CardRow:
    card_id = str(card["id"])
    dropped = Counter(point for row in rows for c, point, _ in row.dropped if c == card_id)
    return CardRow(
        id=card_id,
        titel=render_text(card["titel"], context_for(library, None)),
        branches=tuple(row.slug for row in rows if card_id in row.cards),
        dropped_most=tuple(sorted(dropped.items(), key=lambda item: (-item[1], item[0]))),
        own_points=tuple(
            (row.slug, point, text) for row in rows for c, point, text in row.own_points if c == card_id
        ),
        reading_ease=plain.score(plain.card_texts(card)),
    )


def _old_figures(library: Library, slugs: Sequence[str], year: int) -> tuple[OldFigure, ...]:
    """Every figure older than the limit: on any card of the library, and in the branches
    (their own figures and pinned texts), each with the branches whose program has it."""
    limit = warnings.outdated_after(library)
    found: dict[tuple[str, int], tuple[dict[str, Any], set[str]]] = {}
    for card in library.themes:
        for line, fact in warnings.old_figures(card, ("feiten",), year, limit):
            found[(card.path, line)] = (fact, set())
    for slug in slugs:
        for document, where in _figure_lists(library, slug):
            for line, fact in warnings.old_figures(document, where, year, limit):
                found.setdefault((document.path, line), (fact, set()))[1].add(slug)
    return tuple(
        OldFigure(
            path, line, fact["jaar"], " ".join(str(fact.get("tekst", "")).split()), tuple(sorted(users))
        )
        for (path, line), (fact, users) in sorted(found.items())
    )


def _figure_lists(library: Library, slug: str) -> list[tuple[Any, tuple[str | int, ...]]]:
    branch = library.branch(slug)
    if branch is None:
        return []
    lists: list[tuple[Any, tuple[str | int, ...]]] = [(branch, ("gemeente", "feiten"))]
    for index, choice in enumerate(branch.data.get("themas", [])):
        lists.append((branch, ("themas", index, "lokale_feiten")))
        card = library.card_for(slug, choice["kaart"])
        if card is not None:
            lists.append((card, ("feiten",)))
    return lists


def _duplicates(library: Library, slugs: Sequence[str]) -> tuple[Duplicate, ...]:
    taken: dict[str, set[tuple[str, str]]] = {}
    for slug in slugs:
        branch = library.branch(slug)
        points = warnings.taken_points(library, slug, branch) if branch is not None else iter(())
        taken[slug] = {(point.card, point.point) for point in points}
    return tuple(
        Duplicate(pair, tuple(s for s in slugs if {pair.first, pair.second} <= taken[s]))
        for pair in warnings.library_duplicates(library)
    )


def write(report: Report, root: Path) -> Path:
    """Write the report into rapport/ under `root`, replacing the one there; returns that folder."""
    target = root / FOLDER
    fresh = root / f".{FOLDER}-nieuw"
    shutil.rmtree(fresh, ignore_errors=True)
    (fresh / "afdelingen").mkdir(parents=True)
    for name, rows in tables(report).items():
        (fresh / name).write_bytes(csv_bytes(rows))
    (fresh / "index.html").write_text(
        render_page(FOLDER, "index.html.j2", r=report, csv=sorted(tables(report))), "utf-8"
    )
    for row in report.branches:
        page = render_page(FOLDER, "afdeling.html.j2", r=report, b=row)
        (fresh / "afdelingen" / f"{row.slug}.html").write_text(page, "utf-8")
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    return target


BRANCH_COLUMNS = (
    "afdeling",
    "naam",
    "gemeente",
    "status",
    "op de site",
    "vastgelegd",
    "achter op bibliotheek",
    "kaarten",
    "weggelaten",
    "eigen standpunten",
    "eigen teksten",
    "lokale cijfers",
    "verouderde cijfers",
    "dubbele standpunten",
)


def tables(report: Report) -> dict[str, list[list[Any]]]:
    """The CSV files of the report by file name, each a header row and the rows."""
    return {
        "afdelingen.csv": _branch_table(report),
        "kaarten.csv": [
            [
                "kaart",
                "titel",
                "aantal afdelingen",
                "afdelingen",
                "meest weggelaten",
                "eigen standpunten",
                "leesbaarheid (Flesch-Douma)",
            ],
            *(
                [
                    c.id,
                    c.titel,
                    len(c.branches),
                    ", ".join(c.branches),
                    _most(c.dropped_most),
                    len(c.own_points),
                    "" if c.reading_ease is None else c.reading_ease,
                ]
                for c in report.cards
            ),
        ],
        "weggelaten.csv": [
            ["afdeling", "kaart", "standpunt", "tekst"],
            *([b.slug, *point] for b in report.branches for point in b.dropped),
        ],
        "eigen_standpunten.csv": [
            ["afdeling", "kaart", "id", "tekst"],
            *([b.slug, *point] for b in report.branches for point in b.own_points),
        ],
        "eigen_teksten.csv": [
            ["afdeling", "kaart", "veld", "tekst van de bibliotheek", "tekst van de afdeling"],
            *([b.slug, r.card, r.field, r.national, r.own] for b in report.branches for r in b.reworded),
        ],
        "lokale_cijfers.csv": [
            ["afdeling", "kaart", "tekst", "bron", "jaar"],
            *([b.slug, *figure] for b in report.branches for figure in b.local_figures),
        ],
        "verouderde_cijfers.csv": [
            ["bestand", "regel", "jaar", "tekst", "afdelingen"],
            *([f.file, f.line, f.year, f.text, ", ".join(f.branches)] for f in report.old_figures),
        ],
        "dubbele_standpunten.csv": [
            ["kaart", "standpunt", "kaart", "standpunt", "gelijkenis", "afdelingen met beide"],
            *(
                [*d.pair.first, *d.pair.second, f"{d.pair.score:.2f}", ", ".join(d.branches)]
                for d in report.duplicates
            ),
        ],
        "stemhulp_afwijkingen.csv": [
            ["afdeling", "stelling", "tekst", "landelijke lijn", "antwoord", "toelichting"],
            *(
                [d.branch, d.statement, d.stelling, d.lijn, d.antwoord, d.toelichting]
                for d in report.deviations
            ),
        ],
    }


def _branch_table(report: Report) -> list[list[Any]]:
    """One row per branch: its numbers, then per card of the library whether it took it."""
    cards = [card.id for card in report.cards]
    yes = {True: "ja", False: "nee"}
    return [
        [*BRANCH_COLUMNS, *cards],
        *(
            [
                *(b.slug, b.afdeling, b.gemeente, b.status, yes[b.published], yes[b.pinned], b.behind),
                *(len(b.cards), len(b.dropped), len(b.own_points), len(b.reworded), len(b.local_figures)),
                *(b.outdated, b.duplicates, *(yes[card in b.cards] for card in cards)),
            ]
            for b in report.branches
        ),
    ]


def _most(counts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{point} ({count})" for point, count in counts)

"""Amendments: what members propose on the concept program, and what the members' meeting adopted.

Each amendment names its place in the concept as members saw it: a point by its number in the
concept handbook (3.2) or by its id, the introduction of a chapter ('inleiding 3'), or the
place of a new point ('nieuw na 3.2'). Places are found in the program without amendments,
so adopting one never shifts the numbers another refers to. Compose applies the adopted ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bouwstenen.problem import Problem
from bouwstenen.yamlfile import Document

if TYPE_CHECKING:
    from bouwstenen.compose import Chapter, Edition

KINDS = {"wijzigen": ("standpunt", "inleiding"), "schrappen": ("standpunt",), "toevoegen": ("na",)}
"""Per kind of amendment, the places it can be about."""
ADOPTED = "aangenomen"


@dataclass(frozen=True, slots=True)
class Amendment:
    """One amendment as the members' meeting reads it: where, the text now and the text proposed."""

    nummer: int
    indieners: tuple[str, ...]
    plaats: str
    """Where in the concept, in words: 'standpunt 3.2', 'inleiding van hoofdstuk 3', 'nieuw na 3.2'."""
    soort: str
    huidig: str | None
    """The text it changes or drops, as in the concept (None for a new point)."""
    tekst: str | None
    toelichting: str
    besluit: str


@dataclass(frozen=True, slots=True)
class _Place:
    """A place in the program: a chapter, and a point in it (None for the introduction)."""

    kind: str
    chapter: int
    point: int | None


def problems(document: Document, edition: Edition) -> list[Problem]:
    """What is wrong with the amendments in `document` for the concept `edition` (without
    amendments): places that do not exist, a kind that does not fit its place, a text missing,
    numbers used twice, two adopted amendments on the same text."""
    found: list[Problem] = []
    numbers: dict[int, int] = {}
    adopted: dict[tuple[int, int | None], int] = {}
    for index, item in enumerate(_items(document)):
        where = ("amendementen", index)
        number = item.get("nummer")
        if isinstance(number, int) and number in numbers:
            found.append(
                _problem(
                    document,
                    (*where, "nummer"),
                    f"amendement {number} staat er twee keer (eerder op regel {numbers[number]})",
                    "geef elk amendement een eigen nummer",
                )
            )
        elif isinstance(number, int):
            numbers[number] = document.line((*where, "nummer"))
        place = _place(edition, item)
        if isinstance(place, str):
            found.append(_problem(document, (*where, "over"), place, _OVER_HINT))
            continue
        found += _fit(document, where, item, place)
        if item.get("besluit") == ADOPTED and place.kind != "na":
            key = (place.chapter, place.point)
            if key in adopted:
                message = (
                    f"amendement {number} en amendement {adopted[key]} zijn allebei aangenomen"
                    " en gaan over dezelfde tekst"
                )
                found.append(
                    _problem(
                        document,
                        (*where, "besluit"),
                        message,
                        "er kan er maar één worden aangenomen; verbeter het besluit",
                    )
                )
            adopted.setdefault(key, number if isinstance(number, int) else 0)
    return found


def apply(edition: Edition, document: Document | None, render: Callable[[str], str]) -> Edition:
    """`edition` with every amendment listed and the adopted ones applied; `document` must
    have no problems (see `problems`)."""
    if document is None:
        return edition
    items = sorted(_items(document), key=lambda item: item["nummer"])
    placed = [(item, _place(edition, item)) for item in items]
    listed = tuple(
        _listed(edition, item, place, render) for item, place in placed if isinstance(place, _Place)
    )
    chapters = tuple(
        _amended(
            chapter,
            index,
            [
                (item, place)
                for item, place in placed
                if isinstance(place, _Place) and item["besluit"] == ADOPTED
            ],
            render,
        )
        for index, chapter in enumerate(edition.hoofdstukken)
    )
    return replace(edition, hoofdstukken=chapters, amendementen=listed)


_OVER_HINT = "schrijf het nummer van een standpunt (3.2) of zijn id, 'inleiding 3', of 'nieuw na 3.2'"


def _items(document: Document) -> list[dict[str, Any]]:
    data = document.data.get("amendementen") if isinstance(document.data, dict) else None
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _place(edition: Edition, item: Mapping[str, Any]) -> _Place | str:
    """Where `item` is about in `edition`, or why that cannot be found (Dutch)."""
    over = item.get("over")
    text = " ".join(str(over).lower().split()) if isinstance(over, str) else ""
    match = re.fullmatch(r"(nieuw na|inleiding|standpunt)?\s*(\S+)", text)
    if not match:
        return f"'over' is niet te lezen: '{over}'"
    kind = {"nieuw na": "na", "inleiding": "inleiding"}.get(match[1] or "", "standpunt")
    if kind == "inleiding":
        return _chapter_place(edition, match[2])
    return _point_place(edition, match[2], kind)


def _chapter_place(edition: Edition, ref: str) -> _Place | str:
    chapters = edition.hoofdstukken
    if ref.isdigit():
        if not 1 <= int(ref) <= len(chapters):
            return f"er is geen hoofdstuk {ref}: het programma heeft er {len(chapters)}"
        return _Place("inleiding", int(ref) - 1, None)
    index = next((i for i, chapter in enumerate(chapters) if chapter.id == ref), None)
    return (
        f"er is geen hoofdstuk over de kaart '{ref}'" if index is None else _Place("inleiding", index, None)
    )


def _point_place(edition: Edition, ref: str, kind: str) -> _Place | str:
    chapters = edition.hoofdstukken
    numbered = re.fullmatch(r"(\d+)\.(\d+)", ref)
    if numbered:
        chapter, point = int(numbered[1]), int(numbered[2])
        if not 1 <= chapter <= len(chapters):
            return f"er is geen standpunt {ref}: het programma heeft {len(chapters)} hoofdstukken"
        if not 1 <= point <= len(chapters[chapter - 1].standpunten):
            count = len(chapters[chapter - 1].standpunten)
            return f"er is geen standpunt {ref}: hoofdstuk {chapter} heeft {count} standpunten"
        return _Place(kind, chapter - 1, point - 1)
    for index, found in enumerate(chapters):
        for number, candidate in enumerate(found.standpunten):
            if candidate.id == ref:
                return _Place(kind, index, number)
    return f"er is geen standpunt '{ref}' in dit programma"


def _fit(
    document: Document, where: tuple[str | int, ...], item: Mapping[str, Any], place: _Place
) -> list[Problem]:
    kind = item.get("soort")
    if kind not in KINDS:
        return []  # the schema says so
    if place.kind not in KINDS[kind]:
        hint = {"toevoegen": "schrijf bij 'over' waar het nieuwe standpunt komt: 'nieuw na 3.2'"}.get(
            str(kind), "schrijf bij 'over' het standpunt (3.2 of de id) of 'inleiding 3'"
        )
        return [
            _problem(
                document,
                (*where, "over"),
                f"een amendement om te {kind} kan niet over '{item.get('over')}' gaan",
                hint,
            )
        ]
    if kind != "schrappen" and not isinstance(item.get("tekst"), str):
        return [
            _problem(
                document,
                where,
                f"bij {kind} hoort een voorgestelde tekst",
                "zet de nieuwe tekst onder 'tekst:'",
            )
        ]
    if kind == "schrappen" and "tekst" in item:
        return [
            _problem(
                document,
                (*where, "tekst"),
                "bij schrappen hoort geen nieuwe tekst",
                "haal 'tekst:' weg, of kies soort: wijzigen",
            )
        ]
    return []


def _problem(document: Document, where: tuple[str | int, ...], message: str, hint: str) -> Problem:
    return Problem(document.path, document.line(where), message, hint)


def _listed(
    edition: Edition, item: Mapping[str, Any], place: _Place, render: Callable[[str], str]
) -> Amendment:
    chapter = edition.hoofdstukken[place.chapter]
    number = f"{place.chapter + 1}.{(place.point or 0) + 1}"
    if place.kind == "inleiding":
        where, current = f"inleiding van hoofdstuk {place.chapter + 1}", chapter.inleiding
    elif place.kind == "na":
        where, current = f"nieuw standpunt na {number}", None
    else:
        where, current = f"standpunt {number}", chapter.standpunten[place.point or 0].tekst
    proposed = item.get("tekst")
    return Amendment(
        nummer=item["nummer"],
        indieners=tuple(item["indieners"]),
        plaats=where,
        soort=item["soort"],
        huidig=current,
        tekst=render(proposed) if isinstance(proposed, str) else None,
        toelichting=render(item["toelichting"]),
        besluit=item["besluit"],
    )


def _amended(
    chapter: Chapter,
    index: int,
    adopted: Sequence[tuple[Mapping[str, Any], _Place]],
    render: Callable[[str], str],
) -> Chapter:
    """`chapter` with the adopted amendments about it applied, all placed by the concept's numbering."""
    mine = [(item, place) for item, place in adopted if place.chapter == index]
    changed = {
        place.point: render(item["tekst"])
        for item, place in mine
        if place.kind == "standpunt" and item["soort"] == "wijzigen"
    }
    dropped = {place.point for item, place in mine if item["soort"] == "schrappen"}
    added: dict[int | None, list[Mapping[str, Any]]] = {}
    for item, place in mine:
        if place.kind == "na":
            added.setdefault(place.point, []).append(item)
    points = []
    for number, point in enumerate(chapter.standpunten):
        if number not in dropped:
            points.append(replace(point, tekst=changed[number]) if number in changed else point)
        points += [
            replace(
                point,
                id=f"amendement-{item['nummer']}",
                tekst=render(item["tekst"]),
                toelichting=None,
                meetbaar=None,
                lokaal=True,
            )
            for item in added.get(number, [])
        ]
    introduction = next(
        (render(item["tekst"]) for item, place in mine if place.kind == "inleiding"), chapter.inleiding
    )
    return replace(chapter, standpunten=tuple(points), inleiding=introduction)

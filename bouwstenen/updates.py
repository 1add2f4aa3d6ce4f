"""What changed in the library since a branch pinned its texts: notices that block nothing.

A pinned branch is built from its pinned texts, so a card edit never changes its program by
surprise; these notices tell it what the national office changed, each on the line of the
pinned text it concerns, with the changed words marked: [-old-]{+new+}.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from bouwstenen.load import BRANCHES_DIR, PINNED_SUFFIX, Library
from bouwstenen.problem import Problem
from bouwstenen.yamlfile import Document

TEXTS = ("titel", "samenvatting", "inleiding")
POINT_TEXTS = ("tekst", "toelichting", "meetbaar")


def changes(library: Library) -> list[Problem]:
    """For every branch with pinned texts, what the library changed in its cards since."""
    found: list[Problem] = []
    for pins in library.pinned:
        cards = pins.data.get("kaarten") if isinstance(pins.data, dict) else None
        for index, card in enumerate(cards if isinstance(cards, list) else []):
            if isinstance(card, dict) and isinstance(card.get("id"), str):
                found += _card_changes(library, pins, index, card)
    return sorted(found)


def marked(old: str, new: str) -> str:
    """`new` with the words that changed from `old` marked: [-removed-]{+added+}."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts += after[j1:j2]
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(parts)


def _card_changes(library: Library, pins: Document, index: int, pinned: dict[str, Any]) -> list[Problem]:
    card_id = pinned["id"]
    slug = pins.path.removeprefix(f"{BRANCHES_DIR}/").removesuffix(PINNED_SUFFIX)
    current = library.theme(card_id)
    where = ("kaarten", index)
    if current is None or not isinstance(current.data, dict):
        return [
            _notice(
                pins,
                where,
                f"de kaart '{card_id}' staat niet meer in de bibliotheek",
                "je programma houdt de vastgelegde tekst; vraag het partijbureau waarom de kaart weg is",
            )
        ]
    now = current.data
    said = [
        _notice(
            pins,
            (*where, key),
            f"kaart '{card_id}': de {key} is veranderd: {marked(pinned[key], now[key])}",
            _keep(slug, card_id),
        )
        for key in TEXTS
        if isinstance(pinned.get(key), str) and isinstance(now.get(key), str) and pinned[key] != now[key]
    ]
    said += _point_changes(pins, where, card_id, slug, pinned, now)
    said += _fact_changes(pins, where, card_id, slug, pinned, now)
    return said


def _point_changes(
    pins: Document,
    where: tuple[str | int, ...],
    card_id: str,
    slug: str,
    pinned: dict[str, Any],
    now: dict[str, Any],
) -> Iterator[Problem]:
    old_points = {p["id"]: (i, p) for i, p in enumerate(_points(pinned))}
    new_points = {p["id"]: p for p in _points(now)}
    renamed = {
        old: p["id"] for p in new_points.values() for old in p.get("vervangt", []) if isinstance(old, str)
    }
    for point_id, (i, point) in old_points.items():
        spot = (*where, "standpunten", i)
        current = new_points.get(renamed.get(point_id, point_id))
        if current is None:
            yield _notice(
                pins,
                spot,
                f"kaart '{card_id}': het standpunt '{point_id}' is uit de bibliotheek gehaald",
                _keep(slug, card_id),
            )
            continue
        if current["id"] != point_id:
            yield _notice(
                pins,
                spot,
                f"kaart '{card_id}': het standpunt '{point_id}' heet nu '{current['id']}'",
                _keep(slug, card_id),
            )
        for key in POINT_TEXTS:
            old, new = point.get(key) or "", current.get(key) or ""
            if old != new:
                change = marked(old, new) if old and new else f"{{+{new}+}}" if new else f"[-{old}-]"
                message = f"kaart '{card_id}', standpunt '{point_id}': de {key} is veranderd: {change}"
                yield _notice(pins, (*spot, key), message, _keep(slug, card_id))
    known = set(old_points) | {renamed.get(i, i) for i in old_points}
    for point_id, point in new_points.items():
        if point_id not in known:
            message = f"kaart '{card_id}' heeft een nieuw standpunt '{point_id}': {point.get('tekst', '')}"
            yield _notice(pins, (*where, "standpunten"), message, _keep(slug, card_id, point_id))


def _fact_changes(
    pins: Document,
    where: tuple[str | int, ...],
    card_id: str,
    slug: str,
    pinned: dict[str, Any],
    now: dict[str, Any],
) -> Iterator[Problem]:
    before, after = _facts(pinned), _facts(now)
    gone = [fact for fact in before if fact not in after]
    for fact in (f for f in after if f not in before):
        same_source = next((old for old in gone if old[1:] == fact[1:]), None)
        source = f"(bron: {fact[1]}, {fact[2]})"
        if same_source is not None:
            gone.remove(same_source)
            message = (
                f"kaart '{card_id}': een cijfer is veranderd: {marked(same_source[0], fact[0])} {source}"
            )
        else:
            message = f"kaart '{card_id}' heeft een nieuw cijfer: {fact[0]} {source}"
        yield _notice(pins, (*where, "feiten"), message, _keep(slug, card_id))
    for fact in gone:
        source = f"(bron: {fact[1]}, {fact[2]})"
        message = f"kaart '{card_id}': dit cijfer staat niet meer op de kaart: {fact[0]} {source}"
        yield _notice(pins, (*where, "feiten"), message, _keep(slug, card_id))


def _points(card: Mapping[str, Any]) -> list[dict[str, Any]]:
    points = card.get("standpunten")
    return (
        [p for p in points if isinstance(p, dict) and isinstance(p.get("id"), str)]
        if isinstance(points, list)
        else []
    )


def _facts(card: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    facts = card.get("feiten")
    items = facts if isinstance(facts, list) else []
    return [
        (str(f.get("tekst", "")), str(f.get("bron", "")), f.get("jaar")) for f in items if isinstance(f, dict)
    ]


def _keep(slug: str, card_id: str, point_id: str | None = None) -> str:
    take = f" --standpunt {point_id}" if point_id else ""
    return (
        "je programma houdt de vastgelegde tekst; neem de nieuwe over met:"
        f" python build.py bijwerken {slug} --kaart {card_id}{take}"
    )


def _notice(pins: Document, where: tuple[str | int, ...], message: str, hint: str) -> Problem:
    return Problem(pins.path, pins.line(where), message, hint, severity="let op")

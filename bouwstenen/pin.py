"""`vastleggen`: pin the card texts a branch uses, so later edits of the library leave it as it is.

The pinned texts sit beside the branch file, in content/afdelingen/<slug>.vastgelegd.yml: each
chosen card exactly as it is in themes/ (variables not filled in), in the branch's order.
Pinning again keeps what was pinned and adds the cards the branch chose since; taking the
library's newer texts is another step (bijwerken).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bouwstenen.check import check
from bouwstenen.cli_parser import RUN
from bouwstenen.isolate import judge
from bouwstenen.load import Library, pinned_card, pinned_path
from bouwstenen.problem import Problem
from bouwstenen.updates import changes
from bouwstenen.yamlfile import Document, read_yaml

HEADER = """\
# yaml-language-server: $schema=../../schemas/vastgelegd.schema.json
#
# De landelijke teksten die {afdeling} heeft vastgelegd, met '{run} vastleggen {slug}'.
# Bouwstenen bouwt het programma uit deze teksten, ook als het partijbureau de kaarten
# later aanpast.
"""


@dataclass(frozen=True, slots=True)
class Pinned:
    """What `vastleggen` wrote: the file, and the cards pinned now (not pinned before)."""

    path: str
    added: tuple[str, ...]


def pin(library: Library, slug: str) -> Pinned | list[Problem]:
    """Write the pinned texts of `slug`, or return the problems that keep it from building with
    them (nothing is written then). Cards pinned before stay exactly as they were."""
    cards, added = _cards_of(library, slug)
    checked = _checked(library, slug, cards)
    if isinstance(checked, list):
        return checked
    _write(library.root / pinned_path(slug), checked[1])
    return Pinned(pinned_path(slug), added)


@dataclass(frozen=True, slots=True)
class Updated:
    """What `bijwerken` did: the changes it took in (as `controleer` said them), and the new
    points of the library it only offers, as (card, point)."""

    path: str
    taken: tuple[Problem, ...]
    offered: tuple[tuple[str, str], ...]


def update(
    library: Library, slug: str, cards: frozenset[str] | None, points: frozenset[str]
) -> Updated | list[Problem]:
    """Take the library's current texts into the pinned texts of `slug`: of every pinned card,
    or of `cards`. A point new in the library is taken only when named in `points`; the others
    are offered, never added to the program by themselves."""
    before = library.pins(slug)
    branch = library.branch(slug)
    where = branch.path if branch is not None else pinned_path(slug)
    if before is None or not isinstance(before.data, dict):
        return [
            Problem(
                where,
                0,
                f"{slug} heeft geen vastgelegde teksten",
                f"leg ze vast met: {RUN} vastleggen {slug}",
            )
        ]
    pinned = [card for card in before.data["kaarten"] if isinstance(card, dict)]
    unknown = sorted((cards or frozenset()) - {card.get("id") for card in pinned})
    if unknown:
        return [
            Problem(
                where,
                0,
                f"de kaart '{unknown[0]}' is niet vastgelegd",
                "kies een vastgelegde kaart met --kaart",
            )
        ]
    fresh = [
        _fresh(library, card, points) if cards is None or card["id"] in cards else (card, [])
        for card in pinned
    ]
    missing = sorted(points - {p["id"] for card, _ in fresh for p in card.get("standpunten", [])})
    if missing:
        return [
            Problem(
                where,
                0,
                f"er is geen nieuw standpunt '{missing[0]}' op deze kaarten",
                "kies een id uit de melding 'nieuw standpunt'",
            )
        ]
    checked = _checked(library, slug, [card for card, _ in fresh])
    if isinstance(checked, list):
        return checked
    after, text = checked
    now = {str(notice) for notice in changes(after) if notice.file == pinned_path(slug)}
    taken = tuple(n for n in changes(library) if n.file == pinned_path(slug) and str(n) not in now)
    _write(library.root / pinned_path(slug), text)
    return Updated(pinned_path(slug), taken, tuple(offer for _, offers in fresh for offer in offers))


def _fresh(
    library: Library, pinned: dict[str, Any], points: frozenset[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The library's card in place of `pinned`, without the points it did not have (offered)."""
    current = library.theme(pinned["id"])
    if current is None or not isinstance(current.data, dict):
        return pinned, []  # gone from the library: the pinned text stays
    had = {p.get("id") for p in pinned.get("standpunten", []) if isinstance(p, dict)}
    kept, offered = [], []
    for point in current.data["standpunten"]:
        if point["id"] in had or had & set(point.get("vervangt", [])) or point["id"] in points:
            kept.append(point)
        else:
            offered.append((pinned["id"], point["id"]))
    return {**current.data, "standpunten": kept}, offered


def _checked(library: Library, slug: str, cards: list[Any]) -> tuple[Library, str] | list[Problem]:
    """The library with `cards` as the pinned texts of `slug`, and the file's text; or the
    problems that keep `slug` from building with them."""
    branch = library.branch(slug)
    name = branch.data.get("afdeling", slug) if branch is not None and isinstance(branch.data, dict) else slug
    text = HEADER.format(afdeling=name, run=RUN, slug=slug) + _dump({"kaarten": cards})
    relative = pinned_path(slug)
    document, problems = read_yaml(text.encode("utf-8"), relative)
    assert document is not None and not problems, problems  # we wrote it: it reads back
    after = replace(library, pinned=(*(d for d in library.pinned if d.path != relative), document))
    blocking = judge(after, check(after)).blocks([slug])
    return blocking if blocking else (after, text)


def _cards_of(library: Library, slug: str) -> tuple[list[Any], tuple[str, ...]]:
    """The cards to pin for `slug`: those pinned before, and the ones it chose since from themes/."""
    branch = library.branch(slug)
    data = branch.data if branch is not None and isinstance(branch.data, dict) else {}
    before = library.pins(slug)
    cards: list[Any] = []
    added: list[str] = []
    for card_id in dict.fromkeys(_chosen(data)):
        card = _pinned(before, card_id)
        if card is None:
            card = library.theme(card_id)
            added.append(card_id)
        if card is not None:
            cards.append(card.data)
    return cards, tuple(added)


def _chosen(data: dict[str, Any]) -> list[str]:
    choices = data.get("themas")
    return [
        choice["kaart"]
        for choice in (choices if isinstance(choices, list) else [])
        if isinstance(choice, dict) and isinstance(choice.get("kaart"), str)
    ]


def _pinned(pins: Document | None, card_id: str) -> Document | None:
    return pinned_card(pins, card_id) if pins is not None else None


class _Readable(yaml.SafeDumper):
    """Texts with line breaks as | blocks, no anchors: a file a person reads in a pull request."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Readable.add_representer(str, _text)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Readable, allow_unicode=True, sort_keys=False, width=92)


def _write(target: Path, text: str) -> None:
    """Write `target` completely or not at all: a full disk or Ctrl+C leaves the old file."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.deel")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)

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

from bouwstenen.cli_parser import RUN
from bouwstenen.isolate import judge
from bouwstenen.load import Library, pinned_card, pinned_path
from bouwstenen.problem import Problem
from bouwstenen.validate import validate
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
    text, added = _text_of(library, slug)
    relative = pinned_path(slug)
    document, problems = read_yaml(text.encode("utf-8"), relative)
    assert document is not None and not problems, problems  # we wrote it: it reads back
    pinned = (*(d for d in library.pinned if d.path != relative), document)
    after = replace(library, pinned=pinned)
    blocking = judge(after, validate(after)).blocks([slug])
    if blocking:
        return blocking
    _write(library.root / relative, text)
    return Pinned(relative, added)


def _text_of(library: Library, slug: str) -> tuple[str, tuple[str, ...]]:
    """The pinned texts of `slug`: what it pinned before, and the cards it chose since from themes/."""
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
    name = data.get("afdeling", slug)
    return HEADER.format(afdeling=name, run=RUN, slug=slug) + _dump({"kaarten": cards}), tuple(added)


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

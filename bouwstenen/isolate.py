"""Which branches a problem blocks: a problem belongs to a file, a branch to the files it uses.

A branch is blocked only by problems in its own file or in what it uses: its cards,
the party file and logos, the sources, the guide. A problem in a card no branch uses, or in a file
that is no branch at all, blocks nothing (it is still reported).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from bouwstenen.load import (
    AMENDMENTS_SUFFIX,
    BRANCHES_DIR,
    GLOSSARY_FILE,
    GUIDE_DIR,
    PARTY_FILE,
    PINNED_SUFFIX,
    SOURCES_FILE,
    THEMES_DIR,
    Library,
    amendments_path,
    pinned_path,
)
from bouwstenen.names import stem
from bouwstenen.problem import Problem

PARTS = (PINNED_SUFFIX, AMENDMENTS_SUFFIX)
"""Files beside a branch file that belong to it: its pinned texts and its amendments."""
SHARED = (PARTY_FILE, SOURCES_FILE, GLOSSARY_FILE, THEMES_DIR)
"""Problems in these paths block every branch: the party file, the sources, the glossary, and
'no cards at all'."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The problems that block each branch, and whether the shared files are fine."""

    blocked: Mapping[str, tuple[Problem, ...]]
    shared: tuple[Problem, ...]

    def blocks(self, slugs: Iterable[str]) -> list[Problem]:
        """Every problem that blocks one of `slugs`, sorted and once."""
        return sorted({p for slug in slugs for p in self.blocked.get(slug, ())})


def judge(library: Library, problems: Iterable[Problem]) -> Verdict:
    """Sort `problems` to the branches they block."""
    found = sorted(set(problems))
    shared = tuple(p for p in found if _is_shared(p.file))
    blocked: dict[str, tuple[Problem, ...]] = {}
    for slug in branch_slugs(library):
        used = set(branch_inputs(library, slug))
        mine = tuple(p for p in found if p.file in used or _is_shared(p.file))
        if mine:
            blocked[slug] = mine
    return Verdict(MappingProxyType(blocked), shared)


def branch_slugs(library: Library) -> tuple[str, ...]:
    """Every branch that has a .yml file, whether or not it could be read."""
    paths = {b.path for b in library.branches}
    paths |= {
        p
        for p in library.unreadable
        if p.startswith(f"{BRANCHES_DIR}/") and p.endswith(".yml") and not p.endswith(PARTS)
    }
    return tuple(sorted(stem(path) for path in paths))


def unpublished(library: Library) -> frozenset[str]:
    """The branches whose file says `publiceren: nee`: never on the site, nor on the portal."""
    return frozenset(
        stem(branch.path)
        for branch in library.branches
        if isinstance(branch.data, dict) and branch.data.get("publiceren") in ("nee", False)
    )


def branch_inputs(library: Library, slug: str) -> list[str]:
    """The files the site of branch `slug` is made from, as far as its file can tell: a branch
    with pinned texts is made from those, not from the cards in themes/."""
    own = f"{BRANCHES_DIR}/{slug}.yml"
    branch = library.branch(slug)
    data = branch.data if branch is not None and isinstance(branch.data, dict) else {}
    pins = pinned_path(slug)
    pinned = library.pins(slug) is not None or (library.root / pins).is_file()
    cards = [] if pinned else [f"{THEMES_DIR}/{card}.yml" for card in _chosen_cards(data)]
    amendments = amendments_path(slug)
    amended = library.amendments_of(slug) is not None or (library.root / amendments).is_file()
    return [
        own,
        *([pins] if pinned else []),
        *([amendments] if amended else []),
        *cards,
        PARTY_FILE,
        *source_files(library),
        *guide_files(library),
        *logo_files(library, data),
    ]


def source_files(library: Library) -> list[str]:
    """content/bronnen.yml and content/begrippen.yml, when there: every card and branch may name
    its sources, and every site explains the glossary's words it uses."""
    return [name for name in (SOURCES_FILE, GLOSSARY_FILE) if (library.root / name).is_file()]


def guide_files(library: Library) -> list[str]:
    """The pages of the guide: every site shows all of them."""
    return [page.path for page in library.guide]


def logo_files(library: Library, branch: Mapping[str, Any]) -> list[str]:
    """The logo of the branch, if any, and of the party."""
    party = library.party.data if library.party and isinstance(library.party.data, dict) else {}
    return [str(logo) for logo in (branch.get("logo"), party.get("logo")) if isinstance(logo, str)]


def sound_library(library: Library, problems: Iterable[Problem]) -> Library:
    """The library without cards that have problems: what the portal's library shows."""
    bad = {p.file for p in problems}
    return replace(library, themes=tuple(card for card in library.themes if card.path not in bad))


def _chosen_cards(data: Mapping[str, Any]) -> list[str]:
    choices = data.get("themas")
    if not isinstance(choices, list):
        return []
    return [c["kaart"] for c in choices if isinstance(c, dict) and isinstance(c.get("kaart"), str)]


def _is_shared(path: str) -> bool:
    return path in SHARED or path.startswith(f"{GUIDE_DIR}/") or path == GUIDE_DIR

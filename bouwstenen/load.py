"""Stage 1, load: read every file of the library, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bouwstenen import characters
from bouwstenen.names import stem
from bouwstenen.problem import Problem
from bouwstenen.yamlfile import MAX_BYTES, Document, read_yaml

THEMES_DIR = "themes"
BRANCHES_DIR = "content/afdelingen"
GUIDE_DIR = "content/gids"
PARTY_FILE = "content/partij.yml"
SOURCES_FILE = "content/bronnen.yml"
GLOSSARY_FILE = "content/begrippen.yml"
"""Words a reader may not know, with their explanation (glossary.py)."""
STATEMENTS_FILE = "content/stellingen.yml"
"""The national statements for voting aids, with the party's line on each (stemhulp.py)."""
JARGON_FILE = "content/jargon.yml"
"""Hard words with plain ones to use instead, for the plain-Dutch check (plain.py)."""
PINNED_SUFFIX = ".vastgelegd.yml"
"""content/afdelingen/<slug>.vastgelegd.yml: the card texts a branch pinned (`vastleggen`)."""
AMENDMENTS_SUFFIX = ".amendementen.yml"
"""content/afdelingen/<slug>.amendementen.yml: the amendments to a branch's concept program."""


@dataclass(frozen=True, slots=True)
class GuidePage:
    """One Markdown page of the guide for aspiring aldermen."""

    slug: str
    path: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Library:
    """Everything read from disk, plus what could not be read."""

    root: Path
    party: Document | None
    sources: Document | None
    """content/bronnen.yml: the sources that figures name by their id (optional)."""
    themes: tuple[Document, ...]
    branches: tuple[Document, ...]
    guide: tuple[GuidePage, ...]
    skipped: tuple[str, ...]
    """Files in themes/ or content/afdelingen/ that are not read: their name does not end in .yml."""
    unreadable: tuple[str, ...]
    """Files in which reading found a problem; some were still read, the others are missing above."""
    problems: tuple[Problem, ...]
    pinned: tuple[Document, ...] = ()
    """The files with pinned card texts, one per pinned branch (content/afdelingen/*.vastgelegd.yml)."""
    amendments: tuple[Document, ...] = ()
    """The files with amendments, one per branch that has them (content/afdelingen/*.amendementen.yml)."""
    statements: Document | None = None
    """content/stellingen.yml: the national statements for voting aids (optional)."""
    glossary: Document | None = None
    """content/begrippen.yml: words a reader may not know, with their explanation (optional)."""
    jargon: Document | None = None
    """content/jargon.yml: hard words and their plain alternatives (optional; plain.py)."""

    def theme(self, theme_id: str) -> Document | None:
        """The card whose file is themes/<theme_id>.yml."""
        return next((d for d in self.themes if stem(d.path) == theme_id), None)

    def branch(self, slug: str) -> Document | None:
        """The branch whose file is content/afdelingen/<slug>.yml."""
        return next((d for d in self.branches if stem(d.path) == slug), None)

    def pins(self, slug: str) -> Document | None:
        """The pinned texts of branch `slug`, if it has any."""
        return next((d for d in self.pinned if d.path == pinned_path(slug)), None)

    def amendments_of(self, slug: str) -> Document | None:
        """The amendments to the program of branch `slug`, if it has any."""
        return next((d for d in self.amendments if d.path == amendments_path(slug)), None)

    def card_for(self, slug: str, card_id: str) -> Document | None:
        """The card `card_id` as branch `slug` uses it: pinned when it has pinned texts."""
        pins = self.pins(slug)
        return self.theme(card_id) if pins is None else pinned_card(pins, card_id)


def pinned_card(pins: Document, card_id: str) -> Document | None:
    """The card `card_id` in a file of pinned texts, as a Document of its own."""
    cards = pins.data.get("kaarten") if isinstance(pins.data, dict) else None
    for index, card in enumerate(cards if isinstance(cards, list) else []):
        if isinstance(card, dict) and card.get("id") == card_id:
            return pins.part(("kaarten", index))
    return None


def amendments_path(slug: str) -> str:
    """Where the amendments to the program of branch `slug` are kept."""
    return f"{BRANCHES_DIR}/{slug}{AMENDMENTS_SUFFIX}"


def pinned_path(slug: str) -> str:
    """Where the pinned texts of branch `slug` are kept."""
    return f"{BRANCHES_DIR}/{slug}{PINNED_SUFFIX}"


def load(root: Path) -> Library:
    """Read themes/, content/afdelingen/, content/gids/, content/partij.yml, content/bronnen.yml
    and content/stellingen.yml."""
    problems: list[Problem] = []
    party = _read(root, PARTY_FILE, problems) if _present(root / PARTY_FILE) else None
    if party is None and not _present(root / PARTY_FILE):
        problems.append(
            Problem(
                PARTY_FILE,
                0,
                "dit bestand ontbreekt",
                "maak het aan met naam, kleuren en contact van de partij",
            )
        )
    sources = _read(root, SOURCES_FILE, problems) if _present(root / SOURCES_FILE) else None
    statements = _read(root, STATEMENTS_FILE, problems) if _present(root / STATEMENTS_FILE) else None
    glossary = _read(root, GLOSSARY_FILE, problems) if _present(root / GLOSSARY_FILE) else None
    jargon = _read(root, JARGON_FILE, problems) if _present(root / JARGON_FILE) else None
    themes, skipped_themes = _read_dir(root, THEMES_DIR, problems)
    everything, skipped_branches = _read_dir(root, BRANCHES_DIR, problems)
    branches = tuple(d for d in everything if not d.path.endswith((PINNED_SUFFIX, AMENDMENTS_SUFFIX)))
    pinned = tuple(d for d in everything if d.path.endswith(PINNED_SUFFIX))
    amendments = tuple(d for d in everything if d.path.endswith(AMENDMENTS_SUFFIX))
    guide = _read_guide(root, problems)
    return Library(
        root=root,
        party=party,
        sources=sources,
        themes=themes,
        branches=branches,
        guide=guide,
        skipped=skipped_themes + skipped_branches,
        unreadable=tuple(sorted({p.file for p in problems})),
        problems=tuple(problems),
        pinned=pinned,
        amendments=amendments,
        statements=statements,
        jargon=jargon,
        glossary=glossary,
    )


def _present(path: Path) -> bool:
    """A file, or a folder in its place (which _read_bytes reports)."""
    return path.is_file() or path.is_dir()


def _read(root: Path, relative: str, problems: list[Problem]) -> Document | None:
    raw = _read_bytes(root, relative, problems)
    if raw is None:
        return None
    document, found = _parsed(raw, relative)
    problems.extend(found)
    return document


@lru_cache(maxsize=2048)
def _parsed(raw: bytes, relative: str) -> tuple[Document | None, tuple[Problem, ...]]:
    """read_yaml, once per content: `bekijk` loads the library on every save, and parsing
    the files that did not change is most of that. Nothing changes a Document once read."""
    document, found = read_yaml(raw, relative)
    return document, tuple(found)


def _read_bytes(root: Path, relative: str, problems: list[Problem]) -> bytes | None:
    path = root / relative
    if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
        problems.append(
            Problem(
                relative,
                0,
                "dit bestand is een snelkoppeling (symlink)",
                "zet het echte bestand op deze plek",
            )
        )
        return None
    if path.is_dir():
        problems.append(
            Problem(
                relative,
                0,
                "dit is een map, geen bestand",
                f"geef de map een naam zonder {path.suffix} aan het eind, of zet hier een bestand",
            )
        )
        return None
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _read_dir(
    root: Path, relative: str, problems: list[Problem]
) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    folder = root / relative
    if not folder.is_dir():
        return (), ()
    documents: list[Document] = []
    skipped: list[str] = []
    for path in sorted(folder.iterdir()):
        name = f"{relative}/{path.name}"
        folder_only = path.is_dir() and not path.is_symlink() and not path.name.endswith(".yml")
        if path.name.startswith(".") or folder_only:
            continue
        if not path.name.endswith(".yml"):
            skipped.append(name)
            continue
        document = _read(root, name, problems)
        if document is not None:
            documents.append(document)
    return tuple(documents), tuple(skipped)


def _read_guide(root: Path, problems: list[Problem]) -> tuple[GuidePage, ...]:
    folder = root / GUIDE_DIR
    if not folder.is_dir():
        return ()
    pages: list[GuidePage] = []
    for path in sorted(folder.glob("*.md")):
        relative = f"{GUIDE_DIR}/{path.name}"
        raw = _read_bytes(root, relative, problems)
        if raw is None:
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problems.append(
                Problem(
                    relative,
                    line,
                    "het bestand is niet in UTF-8 opgeslagen",
                    "sla het op met tekencodering UTF-8",
                )
            )
            continue
        text = text.replace("\r\n", "\n")
        found = characters.flaw(text)
        if found is not None:
            line = text.count("\n", 0, found.index) + 1
            problems.append(Problem(relative, line, found.message, found.hint))
            continue
        pages.append(GuidePage(path.stem, relative, _title(text, path.stem), text))
    return tuple(pages)


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback

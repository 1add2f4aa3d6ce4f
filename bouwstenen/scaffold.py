"""Write a new branch file that validates at once (`python build.py new`)."""

from __future__ import annotations

import errno
import json
import os
import secrets
import unicodedata
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bouwstenen.load import BRANCHES_DIR, Library
from bouwstenen.names import SLUG, same_name, slugify, stem
from bouwstenen.validate import RESERVED, validate
from bouwstenen.yamlfile import read_yaml

MACROS = Path(__file__).resolve().parent.parent / "macros"


class ScaffoldError(ValueError):
    """The slug or municipality cannot be used; the message is Dutch."""


def write_branch(root: Path, library: Library, slug: str, gemeente: str) -> str:
    """Create content/afdelingen/<slug>.yml with every card; return its relative path."""
    _check(slug, gemeente)
    relative = f"{BRANCHES_DIR}/{slug}.yml"
    target = root / relative
    if target.exists() or target.is_symlink():
        raise ScaffoldError(_exists(relative))
    _check_name_is_free(library, f"Afdeling {gemeente.strip()}")
    cards = [{"id": stem(card.path), "titel": str(card.data.get("titel", ""))} for card in library.themes]
    text = (
        _environment()
        .get_template("afdeling.yml.j2")
        .render(slug=slug, gemeente=gemeente.strip(), cards=cards)
    )
    _check_it_validates(library, relative, text + "\n", gemeente)
    _write_whole(target, text + "\n", relative)
    return relative


def next_steps(relative: str) -> str:
    """What the volunteer should do next, in Dutch."""
    return "\n".join(
        (
            "Wat nu?",
            f"  1. Open {relative} en schrijf het voorwoord van je afdeling.",
            "  2. Haal de thema's weg die je niet wilt en zet de rest in de goede volgorde.",
            "  3. Voeg eigen standpunten en lokale cijfers toe (met bron en jaar).",
            "  4. Controleer je werk met: python build.py controleer",
        )
    )


def _check(slug: str, gemeente: str) -> None:
    if not SLUG.match(slug) or len(slug) > 60:
        suggestion = slugify(gemeente) if gemeente.strip() else "den-haag"
        raise ScaffoldError(
            f"'{slug}' kan geen naam van een afdeling zijn — gebruik alleen kleine letters,"
            f" cijfers en streepjes, bijvoorbeeld '{suggestion}'"
        )
    if slug in RESERVED:
        raise ScaffoldError(
            f"'{slug}' kan geen naam van een afdeling zijn: de website gebruikt die naam zelf"
            f" — kies een andere, bijvoorbeeld 'afdeling-{slug}'"
        )
    name = gemeente.strip()
    odd = [ch for ch in name if ch in _NOT_IN_NAMES or unicodedata.category(ch) in _INVISIBLE]
    if not 2 <= len(name) <= 100 or odd:
        shown = f" (het teken {ascii(odd[0])[1:-1]} hoort niet in een naam)" if odd else ""
        raise ScaffoldError(
            f"'{_printable(gemeente)}' kan geen naam van een gemeente zijn{shown} — geef de gewone naam,"
            ' bijvoorbeeld --gemeente "Den Haag"'
        )


_NOT_IN_NAMES = frozenset("<>{}")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control and format characters, line and paragraph separators (U+2028), unassigned ones."""


def _printable(text: str) -> str:
    """`text` with every invisible character written as an escape, so a message shows it."""
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)


def _check_it_validates(library: Library, relative: str, text: str, gemeente: str) -> None:
    """Refuse what `check` would refuse in the new file, before anything is written."""
    document, problems = read_yaml(text.encode("utf-8"), relative)
    if document is not None:
        problems += validate(replace(library, branches=(*library.branches, document)))
    mine = sorted(p for p in problems if p.file == relative)
    if mine:
        raise ScaffoldError(
            f"met de naam '{_printable(gemeente)}' klopt het nieuwe bestand niet ({mine[0].message})"
            ' — geef de gewone naam van de gemeente, bijvoorbeeld --gemeente "Den Haag"'
        )


def _write_whole(target: Path, text: str, relative: str) -> None:
    """Write `target` completely or not at all: a full disk or Ctrl+C leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.deel")
    try:
        with partial.open("x", encoding="utf-8") as handle:
            handle.write(text)
        _place(partial, target, relative)
    finally:
        partial.unlink(missing_ok=True)


def _place(partial: Path, target: Path, relative: str) -> None:
    """Give `partial` the name `target`, unless that exists by now."""
    try:
        os.link(partial, target)
    except FileExistsError as error:
        raise ScaffoldError(_exists(relative)) from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():  # a file system without hard links (a USB stick with FAT)
            raise ScaffoldError(_exists(relative)) from error
        partial.replace(target)


def _exists(relative: str) -> str:
    return f"{relative} bestaat al — kies een andere naam of pas het bestaande bestand aan"


def _check_name_is_free(library: Library, name: str) -> None:
    """The template names the branch 'Afdeling <gemeente>'; no other branch may have that name."""
    for branch in library.branches:
        data = branch.data if isinstance(branch.data, dict) else {}
        other = data.get("afdeling")
        if isinstance(other, str) and same_name(other) == same_name(name):
            raise ScaffoldError(
                f"de afdeling '{name}' heeft al een bestand: {branch.path} — geef die afdeling eerst"
                " een andere naam (bij afdeling:), of kies een andere --gemeente"
            )


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(MACROS),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment

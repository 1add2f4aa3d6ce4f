"""Write a new branch file that validates at once (`python build.py new`)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bouwstenen.load import BRANCHES_DIR, Library
from bouwstenen.names import SLUG, same_name, slugify, stem

MACROS = Path(__file__).resolve().parent.parent / "macros"


class ScaffoldError(ValueError):
    """The slug or municipality cannot be used; the message is Dutch."""


def write_branch(root: Path, library: Library, slug: str, gemeente: str) -> str:
    """Create content/afdelingen/<slug>.yml with every card; return its relative path."""
    _check(slug, gemeente)
    relative = f"{BRANCHES_DIR}/{slug}.yml"
    target = root / relative
    if target.exists():
        raise ScaffoldError(f"{relative} bestaat al — kies een andere naam of pas het bestaande bestand aan")
    _check_name_is_free(library, f"Afdeling {gemeente.strip()}")
    cards = [{"id": stem(card.path), "titel": str(card.data.get("titel", ""))} for card in library.themes]
    text = (
        _environment()
        .get_template("afdeling.yml.j2")
        .render(slug=slug, gemeente=gemeente.strip(), cards=cards)
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text + "\n")
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
    name = gemeente.strip()
    if not 2 <= len(name) <= 100 or any(ch < " " for ch in name) or "{" in name:
        raise ScaffoldError(
            f"'{gemeente}' kan geen naam van een gemeente zijn — geef de gewone naam,"
            ' bijvoorbeeld --gemeente "Den Haag"'
        )


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

"""Which characters a volunteer's text may hold: every one that each engine can print.

Refused, with the place and a fix: control characters and lone surrogates (no engine takes
them), a word too long to lay out, [ ] nested so deep that pandoc would stall, and a
character that no font of the PDF can draw (Typst refuses those in a PDF/UA document). The
PDF's fonts are Libertinus Serif, built into Typst, and the fallback fonts in
macros/handboek/lettertypen/, which draw emoji, Chinese and every other character of the
Basic Multilingual Plane.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "macros" / "handboek" / "lettertypen"

MAX_WORD = 1000
"""The longest word (characters without a space) in a text; pandoc stalls on far longer ones."""
MAX_BRACKETS = 20
"""The deepest nesting of [ ] in a text; pandoc's link parser slows down sharply beyond it."""

FIRST_PRIVATE = 0xE000
"""unifont.otf draws every character below the private use area (tests/test_characters.py)."""
TAGS = range(0xE0000, 0xE1000)
"""Tag characters and variation selectors: default ignorable, Typst leaves them out."""

_ODD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
_HIGH = re.compile(rf"[^\x00-\u{FIRST_PRIVATE - 1:04x}]")


@dataclass(frozen=True, slots=True)
class Flaw:
    """What is wrong at `index` of a text, and how to fix it."""

    index: int
    message: str
    hint: str


def flaw(text: str) -> Flaw | None:
    """The first character or word of `text` that some engine cannot print, or None."""
    odd = _ODD.search(text)
    if odd is not None:
        code = f"U+{ord(odd.group()):04X}"
        if 0xD800 <= ord(odd.group()) <= 0xDFFF:
            return Flaw(
                odd.start(),
                f"er staat een half teken ({code}) in deze tekst",
                "haal het weg; schrijf tekens zelf, niet als code met \\u",
            )
        return Flaw(
            odd.start(),
            f"er staat een onzichtbaar stuurteken ({code}) in deze tekst",
            "haal het weg; alleen gewone tekens, tabs en nieuwe regels kunnen in een tekst",
        )
    word = _WORD.search(text)
    if word is not None:
        return Flaw(
            word.start(),
            f"er staat een woord van {len(word.group())} tekens in deze tekst (meer dan {MAX_WORD})",
            "zet spaties tussen de woorden, of maak de link korter",
        )
    deep = _too_deep(text)
    if deep is not None:
        return Flaw(
            deep,
            f"er staan meer dan {MAX_BRACKETS} vierkante haken [ in elkaar in deze tekst",
            "haal haken weg; een link is [tekst](https://...), zonder haken eromheen",
        )
    for high in _HIGH.finditer(text):
        if high.group() in REFUSED:
            return Flaw(
                high.start(),
                f"er staat een onzichtbaar teken (U+{ord(high.group()):04X}) in deze tekst,"
                " dat niet in een toegankelijke PDF mag",
                "typ de tekst rond dat teken opnieuw",
            )
        if not printable(high.group()):
            return Flaw(
                high.start(),
                f"het teken '{high.group()}' (U+{ord(high.group()):04X}) kan niet in de PDF:"
                " geen van de lettertypen heeft het",
                "haal het weg of schrijf het anders; emoji en Chinese tekens kunnen wel",
            )
    return None


def _too_deep(text: str) -> int | None:
    """Where [ ] first nest deeper than MAX_BRACKETS, or None."""
    depth = 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
            if depth > MAX_BRACKETS:
                return index
        elif char == "]":
            depth = max(0, depth - 1)
    return None


REFUSED = frozenset("\ufeff")
"""Characters a font draws but an accessible (PDF/UA) PDF may not hold: Typst refuses them."""


def printable(char: str) -> bool:
    """Whether a font of the PDF draws `char` (or Typst leaves it out), and a PDF may hold it."""
    code = ord(char)
    return char not in REFUSED and (code < FIRST_PRIVATE or code in TAGS or code in drawn())


@cache
def drawn() -> frozenset[int]:
    """Every character a fallback font draws, read from the fonts' character maps."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for path in sorted(FONTS.glob("*.otf")):
        with TTFont(path, lazy=True) as font:
            codes.update(font["cmap"].getBestCmap())
    return frozenset(codes)

"""The naming rule for ids, slugs and file names."""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
"""Lowercase letters, digits and single hyphens, starting with a letter."""

_APOSTROPHES = "'\u2018\u2019\u02bc`´"
_LETTERS = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"}
"""Letters that NFKD does not split into a base letter and an accent."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def stem(path: str) -> str:
    """The file name without folder and extension: the id of a card or branch."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def slugify(name: str) -> str:
    """A web address for a Dutch name: 'Súdwest-Fryslân' → 'sudwest-fryslan'.

    Accents are dropped, apostrophes vanish ('s-Hertogenbosch → s-hertogenbosch) and every
    other run of signs becomes one hyphen. The result always matches SLUG.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.translate({ord(ch): None for ch in _APOSTROPHES}).lower()
    plain = "".join(_LETTERS.get(ch, ch) for ch in plain)
    slug = _NOT_SLUG.sub("-", plain).strip("-")
    if not slug:
        return "afdeling"
    return slug if slug[0].isalpha() else f"afdeling-{slug}"


def same_name(name: str) -> str:
    """A name as a reader compares it: case and extra spaces do not count."""
    return " ".join(name.split()).casefold()

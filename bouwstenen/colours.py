"""The party's colours against WCAG 2.2 contrast (1.4.3 text, 1.4.11 controls and graphics).

The main colour is the top bar behind white text and the colour of links on white: text,
so at least 4.5 : 1 against white. The accent colour marks links under the pointer, the
focus and the lines of the handbook: at least 3 : 1. A colour that falls short gets a
proposal: the same hue, darkened step by step until it passes.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from typing import TypeGuard

from bouwstenen.problem import Problem
from bouwstenen.yamlfile import Document

WHITE = "#ffffff"
NEEDED = {"primair": 4.5, "accent": 3.0}
"""Contrast against white each colour of content/partij.yml needs."""
_USE = {
    "primair": "de kopbalk achter witte tekst en de links",
    "accent": "links onder de muis, de focusrand en de lijnen in het handboek",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A colour with too little contrast, its ratio, what it needs and a nearby one that passes."""

    colour: str
    ratio: float
    needed: float
    proposal: str


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shortfall(colour: str, needed: float) -> Shortfall | None:
    """None when `colour` has `needed` contrast against white; else what it lacks."""
    ratio = contrast(colour, WHITE)
    if ratio >= needed:
        return None
    return Shortfall(colour, ratio, needed, _darkened(colour, needed))


def is_colour(value: object) -> TypeGuard[str]:
    """Whether `value` is a colour written as #rrggbb (the schema's rule)."""
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


def party_problems(party: Document) -> list[Problem]:
    """The colours of content/partij.yml that fall short, each on its line."""
    colours = party.data.get("kleuren") if isinstance(party.data, dict) else None
    problems = []
    for name, needed in NEEDED.items():
        value = colours.get(name) if isinstance(colours, dict) else None
        if not is_colour(value):
            continue  # the schema names a colour that is no #rrggbb
        found = shortfall(value, needed)
        if found is not None:
            problems.append(
                Problem(
                    party.path,
                    party.line(("kleuren", name)),
                    f"de kleur '{value}' ({name}: {_USE[name]}) heeft te weinig contrast met wit:"
                    f" {_ratio(found.ratio)} : 1, en nodig is {_ratio(needed)} : 1",
                    f"kies een donkerdere kleur, bijvoorbeeld '{found.proposal}'"
                    f" (dezelfde tint, {_ratio(contrast(found.proposal, WHITE))} : 1)",
                )
            )
    return problems


def _darkened(colour: str, needed: float) -> str:
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    while lightness > 0:
        lightness = max(0.0, lightness - 0.01)
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast(candidate, WHITE) >= needed:
            return candidate
    return "#000000"


def _luminance(colour: str) -> float:
    red, green, blue = (
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in _channels(colour)
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _channels(colour: str) -> tuple[float, float, float]:
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in channels)


def _ratio(value: float) -> str:
    """A ratio as a Dutch reader writes it, rounded down so that 4.49 never reads as 4,5."""
    return f"{int(value * 10) / 10:.1f}".replace(".", ",")

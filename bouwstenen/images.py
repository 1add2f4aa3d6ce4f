"""Logos are images, not documents: what a logo file holds is checked before any site shows it.

A PNG or JPG must start with the bytes of its kind. An SVG is read with expat (the standard
library's XML parser) with every DTD refused before it is read, so no entity is ever
expanded; then every element and attribute must be on an allow-list of static drawing,
every reference must point inside the logo (`#id`), and CSS may only use a few plain
functions. Anything else (a script, an event attribute, foreignObject, a link, an outside
image, font or stylesheet) is refused by name, so the volunteer knows what to remove.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, NoReturn
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"
_NAMESPACES = {
    SVG_NS: "",
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
}
_MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPG": (b"\xff\xd8\xff",)}
_KIND = {".png": "PNG", ".jpg": "JPG", ".jpeg": "JPG", ".svg": "SVG"}

ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feComposite",
        "feFlood", "feMerge", "feMergeNode", "feMorphology", "feDropShadow",
    }
)  # fmt: skip
"""Static drawing only: no script, foreignObject, a, image, feImage, animate or set."""

ATTRIBUTES = frozenset(
    {
        "id", "class", "style", "transform", "version", "baseProfile", "role", "lang", "xml:lang",
        "xml:space", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "focusable",
        "data-name", "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2",
        "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
        "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "vector-effect",
        "shape-rendering", "paint-order", "mix-blend-mode", "isolation", "clip-path", "clip-rule",
        "mask", "filter", "clipPathUnits", "maskUnits", "maskContentUnits", "filterUnits",
        "primitiveUnits", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
        "patternContentUnits", "patternTransform", "offset", "stop-color", "stop-opacity",
        "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
        "refX", "refY", "orient", "href", "xlink:href", "font-family", "font-size", "font-weight",
        "font-style", "font-variant", "text-anchor", "dominant-baseline", "alignment-baseline",
        "letter-spacing", "word-spacing", "text-decoration", "dx", "dy", "rotate", "textLength",
        "lengthAdjust", "startOffset", "in", "in2", "result", "stdDeviation", "mode", "operator",
        "k1", "k2", "k3", "k4", "values", "type", "flood-color", "flood-opacity", "radius",
        "color-interpolation", "color-interpolation-filters",
    }
)  # fmt: skip
"""Geometry, paint and text attributes; no event (on...) attribute, no xml:base."""

CSS_FUNCTIONS = frozenset(
    {"url", "rgb", "rgba", "hsl", "hsla", "calc", "var", "translate", "translatex", "translatey",
     "rotate", "scale", "scalex", "scaley", "skewx", "skewy", "matrix"}
)  # fmt: skip
"""The functions CSS in a logo may call; `url()` only with `#id`."""

_FUNCTION = re.compile(r"([A-Za-z_-][\w-]*)\s*\(")
_LOCAL_URL = re.compile(r"url\(\s*['\"]?#", re.IGNORECASE)
_OUTSIDE_HINT = (
    "een logo moet alles zelf bevatten: verwijs alleen naar iets in het logo zelf (#id),"
    " of lever het aan als PNG"
)
_Refuse = Callable[[str, str], NoReturn]
SVG_HINT = (
    "sla het logo op als gewone SVG met alleen vormen en kleuren"
    " (in Inkscape: Opslaan als → Gewone SVG), of lever het aan als PNG"
)


class Refusal(NamedTuple):
    """Why a logo cannot be used: what is wrong and what to do, in Dutch."""

    message: str
    hint: str


class _Refused(Exception):
    """Stops the parser at the first thing a logo may not hold."""

    def __init__(self, what: str, line: int, hint: str) -> None:
        super().__init__(what)
        self.what = what
        self.line = line
        self.hint = hint


def logo_problem(path: Path, name: str) -> Refusal | None:
    """Why the logo file at `path` (written `name` in YAML) cannot be used, or None when it can."""
    data = path.read_bytes()
    expected = _KIND.get(path.suffix.lower())
    found = _sniff(data)
    if expected in _MAGIC and found != expected:
        return _wrong_kind(name, expected, found)
    if expected == "SVG":
        return _wrong_kind(name, expected, found) if found else _svg_problem(data, name)
    return None


def _sniff(data: bytes) -> str | None:
    """PNG or JPG when `data` starts like one, else None."""
    return next((kind for kind, magics in _MAGIC.items() if data.startswith(magics)), None)


def _wrong_kind(name: str, expected: str, found: str | None) -> Refusal:
    suffix = Path(name).suffix
    if found:
        return Refusal(
            f"het logo '{name}' is een {found}-bestand, maar de naam eindigt op {suffix}",
            f"geef het bestand de naam die bij de inhoud past (.{found.lower()}) en pas het pad aan",
        )
    return Refusal(
        f"het logo '{name}' is geen echt {expected}-bestand, al eindigt de naam op {suffix}",
        f"sla het logo in een tekenprogramma opnieuw op als {expected}",
    )


def _svg_problem(data: bytes, name: str) -> Refusal | None:
    try:
        _check_svg(data)
    except _Refused as refused:
        return Refusal(
            f"het logo '{name}' bevat {refused.what} (regel {refused.line} van het logo)", refused.hint
        )
    except expat.ExpatError as error:
        return Refusal(
            f"het logo '{name}' is geen geldig SVG-bestand (fout op regel {error.lineno} van het logo)",
            "open het logo in een tekenprogramma en sla het opnieuw op als SVG, of lever het aan als PNG",
        )
    return None


def _check_svg(data: bytes) -> None:
    """Raise _Refused at the first thing the SVG in `data` may not hold."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    styles: list[str] = []

    def refuse(what: str, hint: str) -> NoReturn:
        raise _Refused(what, parser.CurrentLineNumber, hint)

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = _name(tag)
        if not stack and tag.split(" ")[:2] != [SVG_NS, "svg"]:
            refuse(
                f'<{element}> waar <svg xmlns="{SVG_NS}"> hoort', "lever een echt SVG-bestand aan, of een PNG"
            )
        if element not in ELEMENTS or not tag.startswith(f"{SVG_NS} "):
            refuse(f"<{element}>", _element_hint(element))
        for key, value in attributes.items():
            _check_attribute(element, _name(key), value, refuse)
        stack.append(element)
        if element == "style":
            styles.clear()

    def end(_tag: str) -> None:
        if stack.pop() == "style":
            _check_css("".join(styles), "<style>", refuse)

    def text(data: str) -> None:
        if stack and stack[-1] == "style":
            styles.append(data)

    def dtd(*_args: object) -> None:
        refuse(
            "een <!DOCTYPE> of <!ENTITY>",
            "haal de regels met <!DOCTYPE en <!ENTITY weg; een logo heeft ze niet nodig",
        )

    def instruction(target: str, _data: str) -> None:
        refuse(f"de verwerkingsinstructie <?{target} ...?>", "haal die regel weg")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    parser.ProcessingInstructionHandler = instruction
    parser.Parse(data, True)


def _name(qualified: str) -> str:
    """`uri local prefix` from expat as the name a person wrote: `local`, `xlink:href`, `inkscape:label`."""
    parts = qualified.split(" ")
    if len(parts) == 1:
        return qualified
    if parts[0] in _NAMESPACES:
        return _NAMESPACES[parts[0]] + parts[1]
    return f"{parts[2]}:{parts[1]}" if len(parts) == 3 else f"{{{parts[0]}}}{parts[1]}"


def _element_hint(element: str) -> str:
    if element in ("script", "foreignObject", "a", "iframe", "set", "animate"):
        return f"een logo mag geen code, links of webpagina's bevatten: haal <{element}> weg; {SVG_HINT}"
    if element in ("image", "feImage"):
        return f"een logo mag geen andere afbeelding laden: haal <{element}> weg; {SVG_HINT}"
    return SVG_HINT


def _check_attribute(element: str, attribute: str, value: str, refuse: _Refuse) -> None:
    shown = f'{attribute}="{_short(value)}" op <{element}>'
    if attribute.lower().startswith("on"):
        refuse(f"het attribuut {shown} (code die in de browser draait)", f"haal {attribute}= weg; {SVG_HINT}")
    if attribute not in ATTRIBUTES:
        refuse(f"het attribuut {shown}", SVG_HINT)
    if attribute == "style":
        _check_css(value, shown, refuse)
    elif "\\" in value:
        refuse(
            f"een backslash in {shown}", "haal de backslash weg; een logo heeft geen ontsnapte tekens nodig"
        )
    elif _outside(attribute, value):
        refuse(f"een verwijzing naar buiten het logo: {shown}", _OUTSIDE_HINT)


def _outside(attribute: str, value: str) -> bool:
    """Whether `value` points outside the logo: a link that is not `#id`, or a `url()` that is not."""
    if attribute in ("href", "xlink:href"):
        return not value.strip().startswith("#")
    return not _only_local_urls(value)


def _short(value: str) -> str:
    """An attribute value short enough for one line of a message."""
    flat = " ".join(value.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


def _check_css(css: str, where: str, refuse: _Refuse) -> None:
    """CSS in a logo: no @rules, no escapes, and only plain functions with `url(#id)`."""
    if "@" in css:
        refuse(f"een @-regel (zoals @import) in {where}", f"haal de @-regel weg; {_OUTSIDE_HINT}")
    if "\\" in css:
        refuse(
            f"een backslash in {where}", "haal de backslash weg; een logo heeft geen ontsnapte tekens nodig"
        )
    for function in _FUNCTION.findall(css):
        if function.lower() not in CSS_FUNCTIONS:
            refuse(f"de CSS-functie {function}() in {where}", f"haal {function}() weg; {SVG_HINT}")
    if not _only_local_urls(css):
        refuse(f"een url() naar buiten het logo in {where}", _OUTSIDE_HINT)


def _only_local_urls(text: str) -> bool:
    lowered = text.lower()
    return lowered.count("url(") == len(_LOCAL_URL.findall(text))

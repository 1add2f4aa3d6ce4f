"""What a volunteer meant when YAML reads Dutch text differently, explained in Dutch.

YAML reads `'s-Hertogenbosch` as a quoted text, ` #1` as the start of a comment,
`{ gemeente.naam }` as a block with fields and `*belangrijk*` as a reference. This module
looks at the events of one file (up to a parse error, if there is one) and explains each
such case on the line where the text starts, showing the line as it should be written.
Every other parse error also gets a Dutch message; PyYAML's English never reaches a volunteer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from bouwstenen.problem import Problem
from bouwstenen.variables import single_braces

SPECIAL = "*&!%@`"
"""Signs that mean something to YAML at the start of a text."""

_EOL = "\r\n\x85\u2028\u2029"
_REST = re.compile(f"[^{_EOL}]*")
_ELISION = re.compile(r"[stnSTN][ -]")
_HASH = re.compile(r"[ \t]+(#[^\W_]\w*)")
_COMMENT = re.compile(r"[ \t]+#(?:[ \t].*)?$")
_DASH = re.compile(r"-[^\W\d_]")
_TEXT_AFTER = re.compile(r"[ \t]*[^\s,\]}#]")
_VARIABLE_IN_BRACES = re.compile(r"\{[ \t]*[A-Za-z_][\w.]*[ \t]*\}(?!\})")
_SHOWN = 50
"""Longer texts are cut off in a message, and texts twice as long in the line of a hint."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A Dutch problem in a file, and what the volunteer meant where a value starts."""

    problem: Problem
    fatal: bool
    """The data is not what the volunteer wrote: read nothing more from this file."""
    meant: tuple[int, str] | None = None
    """(start of a value in the text, the text the volunteer meant there)."""


def findings(events: Sequence[yaml.Event], text: str, path: str) -> list[Finding]:
    """Every value in `events` that YAML reads differently than a Dutch writer means it."""
    found = (_finding(event, text, path) for event in events)
    return [finding for finding in found if finding is not None]


def failure(
    found: list[Finding], events: Sequence[yaml.Event], error: yaml.MarkedYAMLError, text: str, path: str
) -> list[Problem]:
    """Why `text` could not be read: the findings before the error, or the error in Dutch."""
    if found:
        return [finding.problem for finding in found]
    return [
        _quote_then_text(events, error, text, path)
        or _flow_then_text(events, error, text, path)
        or _scanned_sign(error, text, path)
        or _dash_line(error, text, path)
        or _table_problem(error, path)
    ]


def _finding(event: yaml.Event, text: str, path: str) -> Finding | None:
    if isinstance(event, yaml.AliasEvent):
        return _alias_in_text(event, text, path)
    if isinstance(event, yaml.MappingStartEvent) and event.flow_style:
        return _braces(event, text, path)
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event, text, path)
    return None


def _scalar(event: yaml.ScalarEvent, text: str, path: str) -> Finding | None:
    start = _start(event)
    tag = str(event.tag or "")
    if tag.startswith("!") and not tag.startswith("!!"):
        return Finding(_special(text, start, path), fatal=True)
    if event.style == "'" and _ELISION.match(event.value):
        return Finding(_apostrophe(text, start, _quoted_text(event, text), path), fatal=False)
    if event.style is not None:
        return None
    if event.anchor:
        return Finding(_special(text, start, path), fatal=True)
    if _DASH.match(event.value) and not _before(text, start).strip():
        return Finding(_dash(text, start, path), fatal=True)
    return _hash(event, text, path)


def _quoted_text(event: yaml.ScalarEvent, text: str) -> str | None:
    """A single-quoted value as typed, if it is all there is on its line."""
    alone = _one_line(event) and not _value(text, _end(event))
    return "'" + event.value if alone else None


def _alias_in_text(event: yaml.Event, text: str, path: str) -> Finding | None:
    if not _TEXT_AFTER.match(_after(text, _end(event))):
        return None
    return Finding(_special(text, _start(event), path), fatal=True)


def _braces(event: yaml.Event, text: str, path: str) -> Finding | None:
    start = _start(event)
    if text[start - 1 : start] == "{":
        return None
    if text.startswith("{{", start):
        return Finding(_special(text, start, path), fatal=True)
    match = _VARIABLE_IN_BRACES.match(text, start)
    error = single_braces(match.group(0)) if match else None
    if match is None or error is None:
        return None
    problem = Problem(path, _line(text, start), error.message, error.hint)
    return Finding(problem, fatal=False, meant=(start, match.group(0)))


def _hash(event: yaml.ScalarEvent, text: str, path: str) -> Finding | None:
    start = _start(event)
    after = start if event.value == "" else _end(event)
    match = _HASH.match(_after(text, after))
    if match is None:
        return None
    word = match.group(1)
    hint = "zet de hele tekst tussen dubbele aanhalingstekens"
    if _one_line(event):
        hint += f": {_fixed(text, _skip_blanks(text, start))}"
    number = re.fullmatch(r"#(\d{1,3})", word)
    if number:
        hint = f"schrijf 'nummer {number.group(1)}' in plaats van '{word}', of {hint}"
    problem = Problem(
        path,
        _line(text, after),
        f"alles vanaf '{word}' valt weg, want YAML leest ' #' als het begin van een opmerking",
        hint,
    )
    meant = (start, _value(text, after).lstrip()) if event.value == "" else None
    return Finding(problem, fatal=False, meant=meant)


def _apostrophe(text: str, start: int, typed: str | None, path: str) -> Problem:
    shown = typed or _value(text, start)
    return Problem(
        path,
        _line(text, start),
        f"deze tekst begint met een apostrof ({_short(shown)}),"
        " en dan denkt YAML dat er een aanhalingsteken begint",
        f"zet de hele tekst tussen dubbele aanhalingstekens: {_fixed(text, start, typed)}",
    )


def _double_quote(text: str, start: int, path: str) -> Problem:
    shown = _value(text, start)
    fixed = _before(text, start).strip() + " '" + _short(shown, 2 * _SHOWN).replace("'", "''") + "'"
    return Problem(
        path,
        _line(text, start),
        f"deze tekst begint met een aanhalingsteken ({_short(shown)}),"
        " en dan denkt YAML dat de tekst bij het volgende aanhalingsteken ophoudt",
        f"zet de hele tekst tussen enkele aanhalingstekens: {fixed.strip()}",
    )


def _special(text: str, start: int, path: str) -> Problem:
    return Problem(
        path,
        _line(text, start),
        f"deze tekst begint met het teken '{text[start]}', en dat heeft in YAML een eigen betekenis",
        f"zet de hele tekst tussen dubbele aanhalingstekens: {_fixed(text, start)}",
    )


def _dash(text: str, start: int, path: str) -> Problem:
    return Problem(
        path,
        _line(text, start),
        "na het streepje van dit lijstitem ontbreekt een spatie",
        f"zet een spatie na het streepje: - {_short(_value(text, start + 1))}",
    )


def _quote_then_text(
    events: Sequence[yaml.Event], error: yaml.MarkedYAMLError, text: str, path: str
) -> Problem | None:
    """A quoted text with more text after it: `'Zo'n dag` reads as 'Zo' and then `n dag`."""
    last = events[-1] if events else None
    mark = error.problem_mark
    if not isinstance(last, yaml.ScalarEvent) or last.style not in ("'", '"') or mark is None:
        return None
    if _line(text, _end(last)) != mark.line + 1:
        return None
    if last.style == '"':
        return _double_quote(text, _start(last), path)
    return _apostrophe(text, _start(last), None, path)


def _flow_then_text(
    events: Sequence[yaml.Event], error: yaml.MarkedYAMLError, text: str, path: str
) -> Problem | None:
    """A text that starts with [ or {, with more text after the closing ] or }."""
    mark = error.problem_mark
    if not events or not isinstance(events[-1], yaml.CollectionEndEvent) or mark is None:
        return None
    if _line(text, _end(events[-1])) != mark.line + 1:
        return None
    depth = 0
    for event in reversed(events):
        depth += isinstance(event, yaml.CollectionEndEvent) - isinstance(event, yaml.CollectionStartEvent)
        if depth == 0:
            start = _start(event)
            return _special(text, start, path) if text[start] in "[{" + SPECIAL else None
    return None


def _scanned_sign(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem | None:
    """A text that starts with a sign the scanner stopped at: `*belangrijk*`, `@gemeente`, `'s Avonds`."""
    if not isinstance(error, yaml.scanner.ScannerError):
        return None
    for mark in (error.context_mark, error.problem_mark):
        if mark is None or mark.index >= len(text):
            continue
        sign = text[mark.index]
        if sign == "'" and _ELISION.match(text, mark.index + 1) and "quoted scalar" in str(error.context):
            return _apostrophe(text, mark.index, None, path)
        if sign in SPECIAL:
            return _special(text, mark.index, path)
    return None


def _dash_line(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem | None:
    mark = error.problem_mark
    if mark is None:
        return None
    line_start = mark.index - len(_before(text, mark.index))
    indent = len(_value(text, line_start)) - len(_value(text, line_start).lstrip())
    start = line_start + indent
    return _dash(text, start, path) if _DASH.match(text, start) else None


@dataclass(frozen=True, slots=True)
class _Known:
    """A parse error PyYAML describes with `needle`, and how we say it."""

    needle: str
    message: str
    hint: str
    at_start: bool = False
    """Point at the line where the unfinished part starts, not where the parser gave up."""


_INDENT = "laat deze regel even ver inspringen als de regels van hetzelfde blok"
_KNOWN = (
    _Known("'\\t'", "er staat een tab in plaats van spaties", "spring in met spaties, niet met de Tab-toets"),
    _Known(
        "while scanning a quoted scalar",
        "een aanhalingsteken wordt niet gesloten",
        "sluit de tekst af met hetzelfde aanhalingsteken als waarmee hij begint",
        at_start=True,
    ),
    _Known(
        "while parsing a flow",
        "een lijst tussen [ ] of een blok tussen { } wordt niet gesloten",
        "sluit af met ] of }, of zet een tekst die met [ of { begint tussen dubbele aanhalingstekens",
        at_start=True,
    ),
    _Known(
        "found unknown escape character",
        "na een \\ tussen dubbele aanhalingstekens staat een teken dat YAML niet kent",
        "schrijf \\\\ voor een \\, of zet de tekst tussen enkele aanhalingstekens",
    ),
    _Known(
        "mapping values are not allowed here",
        "er staat een dubbele punt op een plek waar dat niet kan",
        "zet tekst met een dubbele punt erin tussen aanhalingstekens, of controleer de inspringing",
    ),
    _Known(
        "could not find expected ':'",
        "hier ontbreekt een dubbele punt",
        "schrijf 'sleutel: waarde', of zet een lange tekst onder 'sleutel: |'",
    ),
    _Known("expected <block end>", "de inspringing klopt niet", _INDENT),
    _Known("did not find expected key", "de inspringing klopt niet", _INDENT),
    _Known(
        "did not find expected '-' indicator",
        "de inspringing van deze lijst klopt niet",
        "laat elk lijstitem met '- ' op dezelfde hoogte beginnen",
    ),
)


def _table_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    said = f"{error.context or ''} {error.problem or ''}"
    known = next((k for k in _KNOWN if k.needle in said), None)
    mark = error.problem_mark or error.context_mark
    if known and known.at_start and error.context_mark:
        mark = error.context_mark
    line = mark.line + 1 if mark else 0
    if known:
        return Problem(path, line, known.message, known.hint)
    return Problem(
        path,
        line,
        "deze regel is geen geldige YAML",
        "controleer de inspringing, de dubbele punten en de aanhalingstekens op deze regel;"
        " zet een tekst met vreemde tekens tussen dubbele aanhalingstekens",
    )


def _start(event: yaml.Event) -> int:
    assert event.start_mark is not None, "the parser marks every event"
    return event.start_mark.index


def _end(event: yaml.Event) -> int:
    assert event.end_mark is not None, "the parser marks every event"
    return event.end_mark.index


def _one_line(event: yaml.Event) -> bool:
    assert event.start_mark is not None and event.end_mark is not None, "the parser marks every event"
    return bool(event.start_mark.line == event.end_mark.line)


def _fixed(text: str, start: int, typed: str | None = None) -> str:
    """The line that holds the value at `start`, with the value between double quotes."""
    value = typed if typed is not None else _value(text, start)
    escaped = _short(value, 2 * _SHOWN).replace("\\", "\\\\").replace('"', '\\"')
    prefix = _before(text, start).strip()
    return f'{prefix} "{escaped}"' if prefix else f'"{escaped}"'


def _value(text: str, start: int) -> str:
    """The rest of the line from `start`, without a comment at the end."""
    return _COMMENT.sub("", _after(text, start)).rstrip()


def _skip_blanks(text: str, index: int) -> int:
    while text[index : index + 1] in (" ", "\t"):
        index += 1
    return index


def _after(text: str, index: int) -> str:
    match = _REST.match(text, index)
    return match.group(0) if match else ""


def _before(text: str, index: int) -> str:
    start = max(text.rfind(ch, 0, index) for ch in _EOL) + 1
    return text[start:index]


def _line(text: str, index: int) -> int:
    return len(re.findall(r"\r\n|[\r\n\x85\u2028\u2029]", text[:index])) + 1


def _short(shown: str, size: int = _SHOWN) -> str:
    """`shown`, or its first words and '…' when it is long; a variable is never cut in two."""
    if len(shown) <= size:
        return shown
    cut = shown[:size].rsplit(" ", 1)[0] if " " in shown[:size] else shown[:size]
    if cut.count("{{") > cut.count("}}"):
        cut = cut[: cut.rindex("{{")]
    return cut.rstrip(" ,;:") + "…"

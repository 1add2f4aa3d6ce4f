"""Read one volunteer YAML file safely, keeping the line of every value.

Only plain YAML is accepted: no tags, no anchors or aliases, no duplicate keys,
a size cap and a depth cap, UTF-8 only, no number too long to print, and only text that
every engine can print (characters.py). Nothing from a file is ever executed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml

from bouwstenen import characters, dutchyaml
from bouwstenen.problem import Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_NUMBER = 40
"""The longest number a file may hold, in characters; Python refuses ints over 4300 digits."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a value sits: the line of its key (or list item) and where its text starts."""

    line: int
    text_line: int


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file: plain data plus the line of every key and item."""

    path: str
    data: Any
    spots: Mapping[Path_, Spot]

    def line(self, where: Path_) -> int:
        """The line of `where`, or of its nearest ancestor that has one."""
        for end in range(len(where), -1, -1):
            spot = self.spots.get(where[:end])
            if spot is not None:
                return spot.line
        return 1

    def part(self, where: Path_) -> Document:
        """The value at `where` as a Document of its own: same file, same lines."""
        value = self.data
        for key in where:
            value = value[key]
        size = len(where)
        spots = {path[size:]: spot for path, spot in self.spots.items() if path[:size] == where}
        return Document(self.path, value, MappingProxyType(spots))

    def text_line(self, where: Path_) -> int:
        """The line where the text of the string at `where` starts."""
        spot = self.spots.get(where)
        return spot.text_line if spot else self.line(where)


def as_list(value: Any) -> list[Any]:
    """`value` if it is a list, else an empty one: for reading parsed data that may be malformed."""
    return value if isinstance(value, list) else []


def texts_under(data: Any, keys: frozenset[str], where: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string in parsed `data` that is the value of one of `keys`, with where it is."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                yield (*where, key), value
            else:
                yield from texts_under(value, keys, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts_under(value, keys, (*where, index))


class _Refused(Exception):
    """A construct we refuse; carries a ready Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_yaml(raw: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse `raw` (the bytes of `path`) into a Document, or explain in Dutch why not."""
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(
                path,
                0,
                f"het bestand is te groot (meer dan {MAX_BYTES // 1024} kB)",
                "splits de tekst op of kort hem in",
            )
        ]
    text, problem = _decode(raw, path)
    if problem:
        return None, [problem]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [
            Problem(
                path,
                1,
                "het bestand is leeg",
                "vul het in; kijk naar een bestaand bestand als voorbeeld",
            )
        ]
    try:
        events, error = _events(text)
    except yaml.YAMLError as error:
        return None, [_reader_problem(error, text, path)]
    found = dutchyaml.findings(events, text, path)
    if error is not None:
        return None, dutchyaml.failure(found, events, error, text, path)
    if any(finding.fatal for finding in found):
        return None, [finding.problem for finding in found]
    meant = {finding.meant[0]: finding.meant[1] for finding in found if finding.meant}
    try:
        _check_events(events, path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        spots: dict[Path_, Spot] = {}
        data = _to_python(node, (), _Reading(path, spots, meant)) if node is not None else None
    except _Refused as refused:
        return None, [refused.problem]
    except yaml.MarkedYAMLError as error:
        return None, dutchyaml.failure([], events, error, text, path)
    return Document(path, data, MappingProxyType(spots)), [finding.problem for finding in found]


def _events(text: str) -> tuple[list[yaml.Event], yaml.MarkedYAMLError | None]:
    """The events of `text` up to the first parse error, and that error."""
    events: list[yaml.Event] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            events.append(event)
    except yaml.MarkedYAMLError as error:
        return events, error
    return events, None


def _decode(raw: bytes, path: str) -> tuple[str, Problem | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return "", Problem(
            path,
            line,
            "het bestand is niet in UTF-8 opgeslagen",
            "sla het op met tekencodering UTF-8 (in je editor: 'Opslaan als' en kies UTF-8)",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return "", Problem(
            path,
            line,
            "het bestand bevat een NUL-teken en is waarschijnlijk geen tekstbestand",
            "sla het opnieuw op als gewone tekst (UTF-8)",
        )
    return text, None


def _check_events(events: list[yaml.Event], path: str) -> None:
    """Refuse tags, anchors, aliases and deep nesting before building anything."""
    depth = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                Problem(
                    path,
                    line,
                    "verwijzingen met & of * (YAML-ankers) zijn niet toegestaan",
                    "schrijf de tekst gewoon helemaal uit",
                )
            )
        if getattr(event, "tag", None) and not _implicit(event):
            raise _Refused(
                Problem(
                    path,
                    line,
                    f"YAML-label '{_shown_tag(event)}' is niet toegestaan",
                    "haal het label met ! weg; gewone tekst, getallen en lijsten zijn genoeg",
                )
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    Problem(
                        path,
                        line,
                        f"de gegevens zijn te diep genest (meer dan {MAX_DEPTH} niveaus)",
                        "gebruik de opbouw van het voorbeeld in de README",
                    )
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _shown_tag(event: yaml.Event) -> str:
    tag = str(getattr(event, "tag", ""))
    return tag.replace("tag:yaml.org,2002:", "!!")


def _implicit(event: yaml.Event) -> bool:
    implicit = getattr(event, "implicit", False)
    if isinstance(implicit, tuple):
        return bool(implicit[0] or implicit[1])
    return bool(implicit)


_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True, slots=True)
class _Reading:
    """What building the data of one file needs: its path, the spots found so far, what was meant."""

    path: str
    spots: dict[Path_, Spot]
    meant: Mapping[int, str]


def _to_python(node: yaml.Node, where: Path_, reading: _Reading) -> Any:
    meant = reading.meant.get(node.start_mark.index)
    if meant is not None:
        return meant
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, where, reading)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            reading.spots[(*where, index)] = _spot(item)
            items.append(_to_python(item, (*where, index), reading))
        return items
    if node.tag in _SCALAR_TAGS:
        if len(str(node.value)) > MAX_NUMBER:
            raise _Refused(
                Problem(
                    reading.path,
                    node.start_mark.line + 1,
                    f"dit getal is te lang (meer dan {MAX_NUMBER} tekens)",
                    "schrijf een gewoon getal, bijvoorbeeld een jaar als 2023",
                )
            )
        return yaml.SafeLoader("").construct_object(node)
    return _checked_text(node, str(node.value), reading.path)


def _checked_text(node: yaml.Node, text: str, path: str) -> str:
    """`text`, or a refusal when it holds a character or word some engine cannot print."""
    found = characters.flaw(text)
    if found is not None:
        raise _Refused(Problem(path, _line_in(node, text, found.index), found.message, found.hint))
    return text


def _line_in(node: yaml.Node, text: str, index: int) -> int:
    """The line of `index` in the text of `node`; exact for | blocks, the first line otherwise."""
    if getattr(node, "style", None) == "|":
        return node.start_mark.line + 2 + text.count("\n", 0, index)
    return node.start_mark.line + 1


def _mapping(node: yaml.MappingNode, where: Path_, reading: _Reading) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(
                Problem(
                    reading.path,
                    line,
                    "een sleutel moet een gewoon woord zijn",
                    "schrijf 'sleutel: waarde'",
                )
            )
        key = _checked_text(key_node, str(key_node.value), reading.path)
        if key in result:
            first = reading.spots[(*where, key)].line
            raise _Refused(
                Problem(
                    reading.path,
                    line,
                    f"'{key}' staat twee keer in hetzelfde blok (eerder op regel {first})",
                    "haal een van de twee weg of voeg ze samen",
                )
            )
        value_spot = _spot(value_node)
        reading.spots[(*where, key)] = Spot(line, value_spot.text_line)
        result[key] = _to_python(value_node, (*where, key), reading)
    return result


def _spot(node: yaml.Node) -> Spot:
    line = node.start_mark.line + 1
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return Spot(line, line + 1 if block else line)


def _reader_problem(error: yaml.YAMLError, text: str, path: str) -> Problem:
    position = getattr(error, "position", None)
    line = text[:position].count("\n") + 1 if isinstance(position, int) else 0
    return Problem(
        path,
        line,
        "het bestand bevat een onzichtbaar of ongeldig teken",
        "typ de tekst rond dat teken opnieuw, of sla het bestand op als UTF-8-tekst",
    )

"""Check one Document against its JSON Schema and say what is wrong in Dutch."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from bouwstenen.problem import Problem
from bouwstenen.yamlfile import Document

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMAS = (
    "thema",
    "afdeling",
    "partij",
    "bronnen",
    "vastgelegd",
    "amendementen",
    "stellingen",
    "begrippen",
    "jargon",
)
NO_TAGS = "^[^<>]*$"
"""The pattern for titles and names: they end up in places where '<' would be markup."""

_TYPE_NAMES = {
    "string": "tekst",
    "array": "lijst",
    "object": "blok met velden",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "ja of nee",
    "null": "leeg",
}
_TYPE_HINTS = {
    "string": "zet de tekst tussen aanhalingstekens als hij op een getal of ja/nee lijkt",
    "array": "zet elk item op een eigen regel, ingesprongen en beginnend met '- '",
    "object": "zet de velden ingesprongen onder deze regel, elk als 'naam: waarde'",
    "integer": "schrijf alleen het getal, zonder aanhalingstekens, bijvoorbeeld 2017",
}


_Strict = validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves extend untyped
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)
"""JSON Schema counts 2023.0 as an integer; a year written so is a mistake, so here it is not."""


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator for schemas/<name>.schema.json, with the other schemas resolvable."""
    resources = []
    for schema_name in SCHEMAS:
        contents = json.loads((SCHEMA_DIR / f"{schema_name}.schema.json").read_text("utf-8"))
        resources.append((f"{schema_name}.schema.json", Resource.from_contents(contents)))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = registry.contents(f"{name}.schema.json")
    strict: Draft202012Validator = _Strict(schema, registry=registry)
    return strict


def schema_problems(document: Document, name: str) -> list[Problem]:
    """Every place where `document` breaks schemas/<name>.schema.json."""
    problems: list[Problem] = []
    for error in _leaves(validator(name).iter_errors(document.data)):
        if error.validator == "additionalProperties":
            problems += _unknown_keys(document, error)
        else:
            problems.append(_problem(document, error))
    return problems


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    yield from sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), str(e.validator)))


def _problem(document: Document, error: ValidationError) -> Problem:
    where = tuple(error.absolute_path)
    line = document.line(where)
    label = _label(where)
    kind = str(error.validator)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        return _required(document, error, where, line)
    if kind == "type":
        return _wrong_type(document, error, where, line, label)
    if kind == "dependentRequired":
        return _dependent(document, error, where)
    if kind == "minLength":
        return Problem(
            document.path,
            line,
            f"{label} is te kort",
            f"schrijf minstens {error.validator_value} tekens",
        )
    if kind == "maxLength":
        size = len(error.instance) if isinstance(error.instance, str) else 0
        return Problem(
            document.path,
            line,
            f"{label} is te lang ({size} tekens)",
            f"kort de tekst in tot hoogstens {error.validator_value} tekens",
        )
    if kind == "minItems":
        return Problem(
            document.path,
            line,
            f"{label} is leeg",
            "zet er minstens één item in, of haal de regel weg",
        )
    if kind == "pattern" and schema.get("pattern") == NO_TAGS:
        return Problem(document.path, line, f"{label} mag geen < of > bevatten", "haal de tekens < en > weg")
    if kind == "pattern":
        return Problem(
            document.path,
            line,
            f"{label} heeft geen geldige vorm: '{error.instance}'",
            _pattern_hint(schema),
        )
    if kind == "enum":
        choices = " of ".join(f"'{value}'" for value in schema.get("enum", ()) if isinstance(value, str))
        return Problem(
            document.path,
            line,
            f"{label} kan niet '{error.instance}' zijn",
            f"kies {choices}",
        )
    if kind in ("minimum", "maximum"):
        return Problem(
            document.path,
            line,
            f"{label} is geen geldig jaar: {error.instance}",
            "schrijf het jaar van de bron, bijvoorbeeld 2017",
        )
    return Problem(
        document.path,
        line,
        f"{label} klopt niet",
        str(schema.get("description", "vergelijk met het voorbeeld in de README")),
    )


def _label(where: tuple[str | int, ...]) -> str:
    keys = [str(part) for part in where if isinstance(part, str)]
    return f"'{keys[-1]}'" if keys else "het bestand"


def _required(document: Document, error: ValidationError, where: tuple[str | int, ...], line: int) -> Problem:
    missing = str(error.message).split("'")[1]
    description = _property_description(error, missing)
    if missing == "vastgesteld_op":  # required by status: vastgesteld
        return Problem(
            document.path,
            document.line(("status",)),
            "bij status: vastgesteld ontbreekt 'vastgesteld_op'",
            "zet eronder de datum van de ledenvergadering, bijvoorbeeld 'vastgesteld_op: 2026-03-12'",
        )
    parent = next((str(p) for p in reversed(where) if isinstance(p, str)), "")
    if parent in ("feiten", "lokale_feiten") and missing in ("bron", "jaar"):
        return Problem(
            document.path,
            line,
            f"bij dit feit ontbreekt '{missing}'",
            f"elk cijfer heeft een bron en een jaar nodig; voeg '{missing}:' toe ({description})",
        )
    return Problem(
        document.path,
        line,
        f"'{missing}' ontbreekt",
        f"voeg '{missing}:' toe ({description})" if description else f"voeg '{missing}:' toe",
    )


def _dependent(document: Document, error: ValidationError, where: tuple[str | int, ...]) -> Problem:
    """A field that needs another beside it, such as 'logo' its 'logo_beschrijving'."""
    wanted = str(error.message).split("'")[1]
    schema = error.schema if isinstance(error.schema, dict) else {}
    owner = next(
        (key for key, needs in schema.get("dependentRequired", {}).items() if wanted in needs), wanted
    )
    if wanted == "logo_beschrijving":
        return Problem(
            document.path,
            document.line((*where, owner)),
            "bij 'logo' ontbreekt 'logo_beschrijving': wie het logo niet kan zien, weet niet wat erop staat",
            "zet onder 'logo' een regel als 'logo_beschrijving: Logo van Samen Lokaal: een groen huis'",
        )
    return Problem(
        document.path,
        document.line((*where, owner)),
        f"bij '{owner}' ontbreekt '{wanted}'",
        f"voeg '{wanted}:' toe ({_property_description(error, wanted)})",
    )


def _unknown_keys(document: Document, error: ValidationError) -> list[Problem]:
    where = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(schema.get("properties", {}))
    problems = []
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in (key for key in instance if key not in allowed):
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"bedoel je '{close[0]}'?" if close else f"toegestaan zijn: {', '.join(allowed)}"
        problems.append(Problem(document.path, document.line((*where, key)), f"onbekend veld '{key}'", hint))
    return problems


def _wrong_type(
    document: Document,
    error: ValidationError,
    where: tuple[str | int, ...],
    line: int,
    label: str,
) -> Problem:
    expected = str(error.validator_value)
    found = _type_of(error.instance)
    if not where:
        return Problem(
            document.path,
            line,
            "het bestand moet uit velden bestaan, zoals 'titel: ...'",
            "kijk naar het voorbeeld in de README",
        )
    return Problem(
        document.path,
        line,
        f"{label} moet een {_TYPE_NAMES.get(expected, expected)} zijn, maar is {found}",
        _TYPE_HINTS.get(expected, "vergelijk met het voorbeeld in de README"),
    )


def _type_of(value: object) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja of nee"
    if isinstance(value, float):
        return "een kommagetal"
    if isinstance(value, int):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    return "een blok met velden"


def _property_description(error: ValidationError, key: str) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    prop = schema.get("properties", {}).get(key, {})
    return str(prop.get("description", "")).split(". ")[0].rstrip(".")


def _pattern_hint(schema: dict[str, Any]) -> str:
    description = str(schema.get("description", ""))
    if "kleine letters" in description or schema.get("pattern", "").startswith("^[a-z]"):
        return "gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'jeugd-en-gezin'"
    if description:
        return description[0].lower() + description[1:].rstrip(".")
    return "vergelijk met het voorbeeld in de README"

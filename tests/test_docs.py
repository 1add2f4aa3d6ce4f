"""The documentation keeps up: every command and option in the README, every schema field explained."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from bouwstenen.cli import command_line

README = (ROOT / "README.md").read_text("utf-8")


def _options() -> Iterator[str]:
    parser = command_line()
    for action in parser._actions:
        yield from (o for o in action.option_strings if o.startswith("--") and o != "--help")
        if action.choices and isinstance(action.choices, dict):
            yield from action.choices


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```")[1]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make", "make test"]


@pytest.mark.parametrize("name", sorted(set(_options())))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    assert name in README, f"{name} is not documented in README.md"


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for key, value in schema.get("properties", {}).items():
            yield f"{where}.{key}", value
        for key, value in schema.items():
            yield from _properties(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for item in schema:
            yield from _properties(item, where)


@pytest.mark.parametrize("schema", sorted((ROOT / "schemas").glob("*.json")), ids=lambda p: p.name)
def test_every_schema_field_has_a_dutch_description(schema: Path) -> None:
    for where, prop in _properties(json.loads(schema.read_text("utf-8"))):
        assert prop.get("description") or "$ref" in prop, f"{schema.name}{where} has no description"


def test_every_yaml_file_names_its_schema_for_editors() -> None:
    expected = {
        "themes": "# yaml-language-server: $schema=../schemas/thema.schema.json",
        "content/afdelingen": "# yaml-language-server: $schema=../../schemas/afdeling.schema.json",
        "content": "# yaml-language-server: $schema=../schemas/partij.schema.json",
        "content/bronnen.yml": "# yaml-language-server: $schema=../schemas/bronnen.schema.json",
    }
    for folder, header in expected.items():
        if folder.endswith(".yml"):
            files = [ROOT / folder]
        else:
            files = (
                [ROOT / "content/partij.yml"]
                if folder == "content"
                else sorted((ROOT / folder).glob("*.yml"))
            )
        for path in files:
            assert path.read_text("utf-8").splitlines()[0] == header, path

"""The example branches end to end: the CLI output and each Edition, against files in git.

`make golden` rewrites tests/cases/voorbeelden/expected/; review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli

from bouwstenen.compose import as_dict, compose
from bouwstenen.load import load

EXPECTED = ROOT / "tests" / "cases" / "voorbeelden" / "expected"
REWRITE = bool(os.environ.get("BOUWSTENEN_GOLDEN"))
SLUGS = sorted(path.stem for path in (ROOT / "content" / "afdelingen").glob("*.yml"))


class _Readable(yaml.SafeDumper):
    """Multi-line text as `|` blocks, so a golden diff reads like the text itself."""


_Readable.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    ),
)


def _compare(name: str, actual: str) -> None:
    target = EXPECTED / name
    if REWRITE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(actual, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == actual, f"{name} differs; run `make golden` and review"


def test_cli_output_for_the_examples(repo: Path) -> None:
    check = run_cli("--map", str(repo), "controleer")
    build = run_cli("--map", str(repo), "--werkers", "1")
    assert (check.status, build.status) == (0, 0), check.stderr + build.stderr
    _compare("uitvoer.txt", f"$ python build.py controleer\n{check.stdout}$ python build.py\n{build.stdout}")


@pytest.mark.parametrize("slug", SLUGS)
def test_edition_of_each_example_branch(slug: str) -> None:
    edition = {key: value for key, value in as_dict(compose(load(ROOT), slug)).items() if key != "gids"}
    text = yaml.dump(edition, Dumper=_Readable, allow_unicode=True, sort_keys=False, width=100)
    _compare(f"{slug}.edition.yml", text)


def test_guide_follows_the_order_of_its_index() -> None:
    guide = [page.slug for page in compose(load(ROOT), "zwolle").gids]
    assert guide == [
        "index", "waarom-nu", "past-het-bij-jou", "vier-niveaus", "week-tot-week", "coalitieonderhandeling",
        "samenwerken", "valkuilen", "verwachtingen", "drie-wetten", "aandachtspunten", "verder-lezen", "stemhulp",
    ]  # fmt: skip


def test_editions_are_deterministic() -> None:
    first = [as_dict(compose(load(ROOT), slug)) for slug in SLUGS]
    second = [as_dict(compose(load(Path(ROOT)), slug)) for slug in SLUGS]
    assert first == second

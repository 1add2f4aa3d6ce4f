"""Property-based: random YAML and Markdown through load → validate → compose → render.

Whatever a volunteer types, the result is a clean build or clean Dutch problems with a
file and a hint; never an exception.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bouwstenen.compose import compose
from bouwstenen.handbook import build_date, render_handbook
from bouwstenen.load import load
from bouwstenen.render import render
from bouwstenen.validate import validate

BRANCH = "content/afdelingen/dorp.yml"
KEYS = [
    "afdeling", "gemeente", "naam", "feiten", "voorwoord", "logo", "themas", "kaart", "titel",
    "inleiding", "standpunten", "weglaten", "eigen_standpunten", "lokale_feiten", "id", "tekst",
    "toelichting", "bron", "jaar", "url", "armoede", "jeugd", "kindpakket", "schuldhulp",
]  # fmt: skip
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def library_root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bouwstenen-eigenschappen-") as folder:
        root = Path(folder) / "mini"
        shutil.copytree(FIXTURES / "mini", root)
        yield root


def _run_pipeline(root: Path, branch: bytes) -> None:
    (root / BRANCH).write_bytes(branch)
    library = load(root)
    problems = validate(library)
    for problem in problems:
        assert problem.file and problem.message and problem.hint, problem
        assert "Traceback" not in problem.message
    if any(problem.severity == "fout" for problem in problems):
        return
    edition = compose(library, "dorp")
    site = render(edition)
    assert any(page.path == "index.md" for page in site.pages)
    handbook = render_handbook(edition, build_date(), "https://example.org/dorp/")
    assert handbook.markdown.startswith("---\n")


scalars = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-5, max_value=3000),
    st.booleans(),
    st.none(),
    st.sampled_from(["armoede", "jeugd", "kindpakket", "{{ gemeente.naam }}", "{{ x }}", "2017"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=25,
)


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_random_bytes(library_root: Path, raw: bytes) -> None:
    _run_pipeline(library_root, raw)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("abc: -\n\t'\"{}[]&*!#|>%@`\\,?")), max_size=200))
def test_random_yaml_punctuation(library_root: Path, text: str) -> None:
    _run_pipeline(library_root, text.encode("utf-8"))


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(KEYS), structures, max_size=8))
def test_random_structures(library_root: Path, data: dict[str, object]) -> None:
    _run_pipeline(library_root, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


markdown = st.lists(
    st.one_of(
        st.sampled_from(list("*_[]()<>!#`{}%|\\:/-\n ")),
        st.sampled_from(["javascript:", "https://x.nl", "{{ afdeling }}", "<script>", "](", "!["]),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=40,
).map("".join)


@SETTINGS
@given(voorwoord=markdown, punt=markdown)
def test_random_markdown_in_texts(library_root: Path, voorwoord: str, punt: str) -> None:
    branch = {
        "afdeling": "Testpartij Dorp",
        "gemeente": {"naam": "Dorp"},
        "voorwoord": "Welkom. " + voorwoord + " Tot ziens, allemaal.",
        "themas": [
            {
                "kaart": "armoede",
                "eigen_standpunten": [{"id": "eigen", "tekst": "Een punt: " + punt + " en meer."}],
            }
        ],
    }
    _run_pipeline(library_root, yaml.safe_dump(branch, allow_unicode=True).encode("utf-8"))

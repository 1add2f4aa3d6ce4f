"""Reading one YAML file: lines kept, dangerous constructs refused before any work."""

from __future__ import annotations

from bouwstenen.yamlfile import MAX_BYTES, MAX_DEPTH, read_yaml


def test_lines_of_keys_items_and_block_text() -> None:
    document, problems = read_yaml(b"a: 1\nb:\n  - x\n  - y: |\n      hoi\n", "f.yml")
    assert problems == [] and document is not None
    assert document.data == {"a": 1, "b": ["x", {"y": "hoi\n"}]}
    assert document.line(("b", 1, "y")) == 4
    assert document.text_line(("b", 1, "y")) == 5
    assert document.line(("b", 7)) == 2


def test_byte_order_mark_is_accepted() -> None:
    document, problems = read_yaml("\ufefftitel: Jeugd\n".encode(), "f.yml")
    assert problems == [] and document is not None and document.data == {"titel": "Jeugd"}


def test_dates_and_odd_scalars_stay_text() -> None:
    document, _ = read_yaml(b"datum: 2024-01-01\n", "f.yml")
    assert document is not None and document.data == {"datum": "2024-01-01"}


def test_size_cap_refuses_before_parsing() -> None:
    _, problems = read_yaml(b"a: " + b"x" * MAX_BYTES, "f.yml")
    assert problems[0].message.startswith("het bestand is te groot")


def test_deep_nesting_is_refused() -> None:
    _, problems = read_yaml(b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5), "f.yml")
    assert problems[0].message.startswith("de gegevens zijn te diep genest")


def test_nul_byte_is_refused_with_its_line() -> None:
    _, problems = read_yaml(b"a: 1\nb: x\x00y\n", "f.yml")
    assert (problems[0].line, problems[0].message) == (
        2,
        "het bestand bevat een NUL-teken en is waarschijnlijk geen tekstbestand",
    )


def test_merge_keys_and_anchors_are_refused() -> None:
    _, problems = read_yaml(b"a: &x {b: 1}\nc:\n  <<: *x\n", "f.yml")
    assert problems[0].message.startswith("verwijzingen met & of *")

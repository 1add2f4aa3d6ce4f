"""Reading one YAML file: lines kept, dangerous constructs refused before any work."""

from __future__ import annotations

import pytest

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


def _one(text: str) -> tuple[int, str, str]:
    _, problems = read_yaml(text.encode(), "f.yml")
    assert len(problems) == 1, problems
    return problems[0].line, problems[0].message, problems[0].hint


APOSTROPHE = "en dan denkt YAML dat er een aanhalingsteken begint"


@pytest.mark.parametrize(
    ("text", "line", "shown", "fixed"),
    [
        ("naam: 's-Hertogenbosch\nb: 1\n", 1, "'s-Hertogenbosch", 'naam: "\'s-Hertogenbosch"'),
        ("a: 1\ntekst: 's Avonds is het stil, zo'n dag\n", 2, "'s Avonds is het stil, zo'n dag", None),
        ("a: 1\ntekst: 's Avonds is het stil\nb: 1\nc: zo'n dag\n", 2, "'s Avonds is het stil", None),
        ("lijst:\n  - 't Gooi\n  - x\n", 2, "'t Gooi", '- "\'t Gooi"'),
        ("lijst:\n  - 't Gooi is 'n mooi gebied\n", 2, "'t Gooi is 'n mooi gebied", None),
        ("naam: 's-Hertogenbosch'\n", 1, "'s-Hertogenbosch", 'naam: "\'s-Hertogenbosch"'),
        ("tekst: 'Zo'n dag\n", 1, "'Zo'n dag", "tekst: \"'Zo'n dag\""),
    ],
)
def test_a_text_that_starts_with_an_apostrophe(text: str, line: int, shown: str, fixed: str | None) -> None:
    found_line, message, hint = _one(text)
    assert (found_line, message) == (line, f"deze tekst begint met een apostrof ({shown}), {APOSTROPHE}")
    assert hint.startswith("zet de hele tekst tussen dubbele aanhalingstekens: ")
    assert hint.endswith(fixed or f'"{shown}"')


def test_a_quoted_elision_is_read_but_reported() -> None:
    document, problems = read_yaml(b"naam: 's-Hertogenbosch'\n", "f.yml")
    assert document is not None and document.data == {"naam": "s-Hertogenbosch"}
    assert [p.line for p in problems] == [1]


def test_apostrophes_inside_a_text_are_fine() -> None:
    document, problems = read_yaml(b"tekst: Zo'n 700 kinderen in 's-Hertogenbosch\n", "f.yml")
    assert problems == [] and document is not None


@pytest.mark.parametrize(
    ("text", "line", "word", "meant"),
    [
        ("tekst: prioriteit #1 voor ons\n", 1, "#1", "prioriteit"),
        ("tekst: #1 voor ons\nb: 2\n", 1, "#1", "#1 voor ons"),
        ("lijst:\n  - #jeugd\n  - zorg\n", 2, "#jeugd", None),
        ("tekst: prioriteit\n  en nog meer #1 voor ons\nb: 1\n", 2, "#1", "prioriteit en nog meer"),
    ],
)
def test_a_hash_sign_in_a_sentence(text: str, line: int, word: str, meant: str | None) -> None:
    document, problems = read_yaml(text.encode(), "f.yml")
    assert [(p.line, p.message) for p in problems] == [
        (line, f"alles vanaf '{word}' valt weg, want YAML leest ' #' als het begin van een opmerking")
    ]
    assert document is not None
    if meant is not None:
        assert document.data["tekst"] == meant


def test_the_hint_for_a_hash_sign_shows_the_fix() -> None:
    _, _, hint = _one("tekst: prioriteit #1 voor ons  # uitleg\n")
    assert hint == (
        "schrijf 'nummer 1' in plaats van '#1', of zet de hele tekst tussen dubbele aanhalingstekens:"
        ' tekst: "prioriteit #1 voor ons"'
    )


def test_comments_and_hash_signs_in_block_text_are_fine() -> None:
    text = (
        "afdeling: Samen Lokaal Zwolle       # naam van de afdeling\n"
        "# uitleg op een eigen regel\n"
        "kleur: '#123456'\n"
        "themas:                             # de gekozen kaarten\n"
        "  - kaart: jeugd  # Jeugd\n"
        "voorwoord: |\n"
        "  Prioriteit #1 voor ons.\n"
    )
    document, problems = read_yaml(text.encode(), "f.yml")
    assert problems == [] and document is not None
    assert document.data["voorwoord"] == "Prioriteit #1 voor ons.\n"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("naam: { gemeente.naam }\n", "{ gemeente.naam }"),
        ("naam: {gemeente.naam}\n", "{gemeente.naam}"),
        ("lijst:\n  - { afdeling }\n", "{ afdeling }"),
    ],
)
def test_single_braces_as_the_whole_value(text: str, found: str) -> None:
    document, problems = read_yaml(text.encode(), "f.yml")
    assert [p.message for p in problems] == [f"enkele accolades: {found} komt zo letterlijk op de website"]
    assert document is not None and found in str(document.data)


def test_single_braces_before_more_text() -> None:
    line, message, hint = _one("a: 1\ntekst: {gemeente.naam} helpt mensen\n")
    assert (line, message, hint) == (
        2,
        "enkele accolades: {gemeente.naam} komt zo letterlijk op de website",
        "schrijf twee accolades aan elke kant: {{ gemeente.naam }}",
    )


@pytest.mark.parametrize(
    ("text", "line", "fixed"),
    [
        ("lijst:\n  -kaart: jeugd\n", 2, "- kaart: jeugd"),
        ("themas:\n  - kaart: armoede\n  -kaart: jeugd\n", 3, "- kaart: jeugd"),
        ("weglaten:\n  -kindpakket\n", 2, "- kindpakket"),
        ("themas:\n  -kaart: jeugd\n   weglaten: [a]\n", 2, "- kaart: jeugd"),
    ],
)
def test_a_list_item_without_a_space(text: str, line: int, fixed: str) -> None:
    assert _one(text) == (
        line,
        "na het streepje van dit lijstitem ontbreekt een spatie",
        f"zet een spatie na het streepje: {fixed}",
    )


@pytest.mark.parametrize(
    ("value", "sign"),
    [
        ("*belangrijk* punt", "*"),
        ("*belangrijk punt", "*"),
        ("@gemeente", "@"),
        ("%50 meer", "%"),
        ("!belangrijk", "!"),
        ("!belangrijk punt", "!"),
        ("`code` hier", "`"),
        ("&x punt", "&"),
        ("& punt", "&"),
        ("{{ gemeente.naam }} helpt", "{"),
        ("[concept] tekst", "["),
    ],
)
def test_a_text_that_starts_with_a_sign_yaml_uses(value: str, sign: str) -> None:
    assert _one(f"a: 1\ntekst: {value}\n") == (
        2,
        f"deze tekst begint met het teken '{sign}', en dat heeft in YAML een eigen betekenis",
        f'zet de hele tekst tussen dubbele aanhalingstekens: tekst: "{value}"',
    )


def test_real_tags_keep_their_own_message() -> None:
    line, message, _ = _one("a: 1\ntitel: !!python/object/apply:os.system [ls]\n")
    assert (line, message) == (2, "YAML-label '!!python/object/apply:os.system' is niet toegestaan")


def test_an_alias_alone_keeps_its_own_message() -> None:
    assert _one("a: *x\n")[1].startswith("verwijzingen met & of *")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("titel: [Armoede\nb: 1\n", 1, "een lijst tussen [ ] of een blok tussen { } wordt niet gesloten"),
        ('a: "x\\q"\n', 1, "na een \\ tussen dubbele aanhalingstekens staat een teken dat YAML niet kent"),
        ('tekst: "Samen" sterk\n', 1, None),
        ("a: b: c\n", 1, "er staat een dubbele punt op een plek waar dat niet kan"),
        ("a:\n  - b\n c: d\n", 3, "de inspringing klopt niet"),
        ("%YAML 9.9\n---\na: 1\n", 1, "deze regel is geen geldige YAML"),
    ],
)
def test_other_parse_errors_are_explained_in_dutch(text: str, line: int, message: str | None) -> None:
    found_line, found, hint = _one(text)
    assert found_line == line
    assert found == (message or found)
    english = ("expected", "found", "while", "scanning", "parsing", "character")
    assert not any(word in found + hint for word in english), found + hint

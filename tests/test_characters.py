"""The PDF's fallback fonts: what they are, and that `characters.printable` agrees with Typst."""

from __future__ import annotations

import hashlib
import re

import pytest
import typst
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bouwstenen.characters import FIRST_PRIVATE, FONTS, TAGS, drawn, flaw, printable
from bouwstenen.templates import MACROS


def test_the_fonts_are_the_ones_the_readme_names() -> None:
    readme = (FONTS / "LEESMIJ.md").read_text(encoding="utf-8")
    named = dict(re.findall(r"`(\S+\.otf)` ([0-9a-f]{64})", readme))
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in FONTS.glob("*.otf")}
    assert named == found


def test_the_fallback_draws_every_character_below_the_private_use_area() -> None:
    missing = [
        code for code in range(0x20, FIRST_PRIVATE) if code not in drawn() and not 0xD800 <= code <= 0xDFFF
    ]
    assert missing == []


def test_the_handbook_names_the_fonts_in_order() -> None:
    typ = (MACROS / "handboek" / "handboek.typ").read_text(encoding="utf-8")
    assert 'font: ("Libertinus Serif", "Unifont", "Unifont Upper")' in typ


def _typst_prints(text: str, tmp_path) -> bool:
    source = tmp_path / "t.typ"
    source.write_text(
        '#set document(title: "t")\n'
        '#set text(lang: "nl", font: ("Libertinus Serif", "Unifont", "Unifont Upper"))\n'
        '#("x" + sys.inputs.t + "x")\n',
        encoding="utf-8",
    )
    try:
        typst.compile(
            str(source),
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            font_paths=[str(FONTS)],
            sys_inputs={"t": text},
        )
    except typst.TypstError:
        return False
    return True


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("é", True),
        ("😀", True),
        ("中", True),
        ("\U000e0041", True),
        ("\U00020000", False),
        ("\U000f0000", False),
    ],
)
def test_printable_agrees_with_typst_on_known_characters(char: str, expected: bool, tmp_path) -> None:
    assert printable(char) is expected
    assert _typst_prints(char, tmp_path) is expected


ACCEPTED = st.one_of(
    st.sampled_from(sorted(code for code in drawn() if code >= 0x20 and not 0x7F <= code <= 0x9F)),
    st.sampled_from(TAGS),
).map(chr)


@settings(max_examples=200, deadline=None)
@given(ACCEPTED)
def test_every_character_printable_accepts_typst_prints(tmp_path_factory, char: str) -> None:
    """One way only: a few private-use glyphs of Libertinus are refused though Typst has them."""
    assert printable(char)
    assert _typst_prints(char, tmp_path_factory.mktemp("t"))


@settings(max_examples=100, deadline=None)
@given(st.characters(min_codepoint=FIRST_PRIVATE, exclude_categories=("Cs", "Cc")))
@example("\ufeff")  # a font draws it, but Typst refuses it in an accessible PDF
def test_what_typst_refuses_printable_refuses(tmp_path_factory, char: str) -> None:
    if not _typst_prints(char, tmp_path_factory.mktemp("t")):
        assert not printable(char)


def test_flaw_names_the_first_character_no_font_draws() -> None:
    found = flaw("goed 😀 dan \U00020000 en \U00020001")
    assert found is not None
    assert (found.index, found.message) == (
        11,
        "het teken '\U00020000' (U+20000) kan niet in de PDF: geen van de lettertypen heeft het",
    )
    assert flaw("Gewoon Nederlands, met € en ’s-Hertogenbosch 👍") is None

"""Logos are images, not documents: each way an SVG can run code or load from elsewhere is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from bouwstenen.images import SVG_HINT, Refusal, logo_problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 8">'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
OUTSIDE = "een logo moet alles zelf bevatten: verwijs alleen naar iets in het logo zelf (#id), of lever het aan als PNG"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><title>&c;</title></svg>
"""


def _check(tmp_path: Path, content: str | bytes, name: str = "logo.svg") -> Refusal | None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, "utf-8")
    else:
        path.write_bytes(content)
    return logo_problem(path, f"content/logo/{name}")


def test_the_real_logo_passes() -> None:
    logo = ROOT / "content/logo/samen-lokaal.svg"
    assert logo_problem(logo, "content/logo/samen-lokaal.svg") is None


@pytest.mark.parametrize(
    "body",
    [
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        '<rect width="8" height="8" fill="url(#g)"/>',
        '<defs><path id="p" d="M0 0h8"/></defs><use href="#p"/><use xlink:href="#p"/>',
        "<style>.cls-1{fill:#1f5d7a;stroke:rgb(0, 0, 0)}</style>"
        '<circle class="cls-1" cx="4" cy="4" r="3" style="fill: url( \'#g\' )"/>',
        '<g transform="translate(1 1) rotate(45)"><text font-family="\'Arial\'">SL</text></g>',
        '<title>Samen Lokaal</title><desc>Logo (klein)</desc><path d="M0 0L8 8z" aria-label="logo"/>',
    ],
    ids=["gradient", "local-use", "illustrator-style", "text", "title"],
)
def test_static_drawings_pass(tmp_path: Path, body: str) -> None:
    assert _check(tmp_path, f"{SVG}{body}</svg>") is None


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("<script>alert(1)</script>", "<script> (regel 1 van het logo)"),
        ('<rect width="8" height="8" onclick="alert(1)"/>', 'het attribuut onclick="alert(1)" op <rect>'),
        ("<foreignObject><p>hoi</p></foreignObject>", "<foreignObject>"),
        ('<use href="https://evil.example/x.svg#a"/>', 'href="https://evil.example/x.svg#a" op <use>'),
        ('<use xlink:href="javascript:alert(1)"/>', 'xlink:href="javascript:alert(1)" op <use>'),
        ('<a href="javascript:alert(1)"><rect/></a>', "<a>"),
        ('<image href="https://evil.example/p.png"/>', "<image>"),
        ('<filter id="f"><feImage href="https://evil.example/p.png"/></filter>', "<feImage>"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "<set>"),
        ('<animate attributeName="fill" values="red"/>', "<animate>"),
        ("<style>@import url(https://evil.example/a.css);</style>", "een @-regel (zoals @import) in <style>"),
        ("<style>rect{fill:url(https://evil.example/a.svg#g)}</style>", "een url() naar buiten het logo"),
        ("<style>rect{fill:\\75rl(https://evil.example/)}</style>", "een backslash in <style>"),
        ('<style>rect{background:image-set("https://evil.example/a.png" 1x)}</style>', "image-set()"),
        ('<rect style="fill:url(//evil.example/a#g)"/>', "een url() naar buiten het logo in style="),
        (
            '<rect fill="url(https://evil.example/a.svg#g)"/>',
            'fill="url(https://evil.example/a.svg#g)" op <rect>',
        ),
        ('<rect fill="\\75rl(https://evil.example/)"/>', "een backslash in fill="),
        ('<g xml:base="https://evil.example/"/>', 'het attribuut xml:base="https://evil.example/" op <g>'),
        (
            '<i:pgf xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/">x</i:pgf>',
            "<i:pgf>",
        ),
    ],
    ids=[
        "script",
        "event",
        "foreign-object",
        "use-outside",
        "xlink-javascript",
        "link",
        "image",
        "fe-image",
        "set",
        "animate",
        "style-import",
        "style-url",
        "style-escape",
        "style-image-set",
        "style-attribute",
        "paint-url",
        "paint-escape",
        "xml-base",
        "foreign-element",
    ],
)
def test_what_can_run_or_load_is_refused(tmp_path: Path, body: str, found: str) -> None:
    refusal = _check(tmp_path, f"{SVG}{body}</svg>")
    assert refusal is not None
    assert refusal.message.startswith("het logo 'content/logo/logo.svg' bevat ")
    assert found in refusal.message


def test_a_script_gets_the_exact_message(tmp_path: Path) -> None:
    assert _check(tmp_path, f"{SVG}\n<script>alert(1)</script></svg>") == (
        "het logo 'content/logo/logo.svg' bevat <script> (regel 2 van het logo)",
        f"een logo mag geen code, links of webpagina's bevatten: haal <script> weg; {SVG_HINT}",
    )


def test_an_outside_reference_gets_the_exact_message(tmp_path: Path) -> None:
    assert _check(tmp_path, f'{SVG}<use href="https://evil.example/a.svg#x"/></svg>') == (
        "het logo 'content/logo/logo.svg' bevat een verwijzing naar buiten het logo:"
        ' href="https://evil.example/a.svg#x" op <use> (regel 1 van het logo)',
        OUTSIDE,
    )


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (BILLION_LAUGHS, 2),
        ('<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', 1),
        ('<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>', 1),
    ],
    ids=["billion-laughs", "external-dtd", "plain-doctype"],
)
def test_no_dtd_is_read(tmp_path: Path, content: str, line: int) -> None:
    assert _check(tmp_path, content) == (
        f"het logo 'content/logo/logo.svg' bevat een <!DOCTYPE> of <!ENTITY> (regel {line} van het logo)",
        "haal de regels met <!DOCTYPE en <!ENTITY weg; een logo heeft ze niet nodig",
    )


def test_an_outside_stylesheet_instruction_is_refused(tmp_path: Path) -> None:
    content = f'<?xml-stylesheet href="https://evil.example/a.css"?>{SVG}</svg>'
    assert _check(tmp_path, content) == (
        "het logo 'content/logo/logo.svg' bevat de verwerkingsinstructie <?xml-stylesheet ...?>"
        " (regel 1 van het logo)",
        "haal die regel weg",
    )


def test_svg_without_its_namespace_is_refused(tmp_path: Path) -> None:
    refusal = _check(tmp_path, "<svg><rect/></svg>")
    assert refusal is not None
    assert refusal.message == (
        "het logo 'content/logo/logo.svg' bevat <svg> waar <svg xmlns=\"http://www.w3.org/2000/svg\"> hoort"
        " (regel 1 van het logo)"
    )


def test_broken_xml_is_refused(tmp_path: Path) -> None:
    assert _check(tmp_path, f"{SVG}<rect></svg>") == (
        "het logo 'content/logo/logo.svg' is geen geldig SVG-bestand (fout op regel 1 van het logo)",
        "open het logo in een tekenprogramma en sla het opnieuw op als SVG, of lever het aan als PNG",
    )


def test_png_and_jpg_are_what_their_names_say(tmp_path: Path) -> None:
    assert _check(tmp_path, PNG, "logo.png") is None
    assert _check(tmp_path, JPG, "logo.jpg") is None
    assert _check(tmp_path, JPG, "logo.jpeg") is None
    assert _check(tmp_path, JPG, "logo.png") == (
        "het logo 'content/logo/logo.png' is een JPG-bestand, maar de naam eindigt op .png",
        "geef het bestand de naam die bij de inhoud past (.jpg) en pas het pad aan",
    )
    assert _check(tmp_path, PNG, "logo.svg") == (
        "het logo 'content/logo/logo.svg' is een PNG-bestand, maar de naam eindigt op .svg",
        "geef het bestand de naam die bij de inhoud past (.png) en pas het pad aan",
    )
    assert _check(tmp_path, f"{SVG}</svg>", "logo.png") == (
        "het logo 'content/logo/logo.png' is geen echt PNG-bestand, al eindigt de naam op .png",
        "sla het logo in een tekenprogramma opnieuw op als PNG",
    )


def test_check_refuses_a_logo_with_a_script_on_the_line_of_logo(mini: Path) -> None:
    (mini / "content/logo").mkdir()
    (mini / "content/logo/dorp.svg").write_text(f"{SVG}<script>alert(1)</script></svg>", "utf-8")
    branch = mini / "content/afdelingen/dorp.yml"
    branch.write_text(branch.read_text("utf-8") + "logo: content/logo/dorp.svg\n", "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert (
        "content/afdelingen/dorp.yml:18: het logo 'content/logo/dorp.svg' bevat <script> (regel 1 van het logo)"
        f" — een logo mag geen code, links of webpagina's bevatten: haal <script> weg; {SVG_HINT}"
    ) in run.lines

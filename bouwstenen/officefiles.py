"""The party's logo on the title page of a DOCX or ODT that pandoc made, with its alt text.

Pandoc drops every image (convert.lua), so no text from a YAML file makes it read a file;
the logo, a path Python has checked (validate), goes in after pandoc, as the PDF has it:
above the title, 2.8 cm wide, described as "Logo van <afdeling>" for a screen reader (Word
reads `descr` of the drawing, LibreOffice `svg:title` of the frame: its text alternative;
with an `svg:desc` as well, LibreOffice would read both, one after the other).

An SVG logo is drawn as a PNG by Typst first: Word and LibreOffice both show a PNG, and
Typst writes the same bytes for the same logo.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import typst
from PIL import Image

from bouwstenen.characters import FONTS
from bouwstenen.deadline import within
from bouwstenen.templates import MACROS

WIDTH_CM = 2.8
"""As wide as the logo on the PDF's title page (macros/handboek/handboek.typ)."""
PPI = 300
"""Sharp enough to print at WIDTH_CM."""
TIMEOUT_SECONDS = 60
EMU_PER_CM = 360_000
NAME = "logo.png"
TEMPLATE = MACROS / "handboek" / "logo.typ"

Changes = dict[str, Callable[[bytes], bytes]]


@dataclass(frozen=True, slots=True)
class Logo:
    """A logo as a PNG, its size in pixels and its alt text."""

    png: bytes
    width: int
    height: int
    alt: str

    @property
    def height_cm(self) -> float:
        return round(WIDTH_CM * self.height / self.width, 3)


def read_logo(path: Path, alt: str) -> Logo:
    """The logo at `path` (SVG or PNG) as a PNG; raises typst.TypstError or DeadlineExceeded
    for an SVG Typst cannot draw."""
    png = _drawn(path.read_bytes()) if path.suffix.lower() == ".svg" else path.read_bytes()
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return Logo(png, width, height, alt)


@cache
def _drawn(svg: bytes) -> bytes:
    """`svg` as a transparent PNG, WIDTH_CM wide at PPI (macros/handboek/logo.typ)."""
    with tempfile.TemporaryDirectory(prefix="bouwstenen-logo-") as folder:
        (Path(folder) / "logo.svg").write_bytes(svg)
        main = Path(folder) / TEMPLATE.name
        shutil.copyfile(TEMPLATE, main)
        made = within(
            TIMEOUT_SECONDS,
            lambda: typst.compile(
                str(main),
                root=folder,
                format="png",
                ppi=PPI,
                sys_inputs={"breedte": str(WIDTH_CM)},
                ignore_system_fonts=True,
                font_paths=[str(FONTS)],  # text in an SVG: the PDF's fonts
            ),
        )
    assert isinstance(made, bytes)
    return made


def changes(kind: str, logo: Logo) -> tuple[Changes, dict[str, bytes]]:
    """What to change in a DOCX or ODT (`kind`) and what to add, for documents.rewrite."""
    if kind == "docx":
        return {
            "word/document.xml": lambda xml: _docx_document(xml, logo),
            "word/_rels/document.xml.rels": _docx_relation,
            "[Content_Types].xml": _docx_type,
        }, {f"word/media/{NAME}": logo.png}
    return {
        "content.xml": lambda xml: _odt_content(xml, logo),
        "META-INF/manifest.xml": _odt_manifest,
    }, {f"Pictures/{NAME}": logo.png}


RELATION = "rIdLogo"


def _docx_document(document: bytes, logo: Logo) -> bytes:
    """document.xml with the logo in a centred paragraph of its own before the title."""
    width, height = round(WIDTH_CM * EMU_PER_CM), round(logo.height_cm * EMU_PER_CM)
    alt = escape(logo.alt, {'"': "&quot;"})
    size = f'cx="{width}" cy="{height}"'
    picture = (
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{NAME}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{RELATION}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    )
    paragraph = (
        '<w:p><w:pPr><w:spacing w:after="480"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent {size}/>'
        f'<wp:docPr id="1" name="Logo" descr="{alt}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f"{picture}</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    return document.replace(b"<w:body>", b"<w:body>" + paragraph.encode("utf-8"), 1)


def _docx_relation(relations: bytes) -> bytes:
    relation = (
        f'<Relationship Id="{RELATION}" Target="media/{NAME}" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/></Relationships>'
    )
    return relations.replace(b"</Relationships>", relation.encode(), 1)


def _docx_type(types: bytes) -> bytes:
    if b'Extension="png"' in types:
        return types
    return types.replace(b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>', 1)


_ODT_TITLE = re.compile(rb'<text:p text:style-name="Title">')
STYLE = "Logo"
"""The automatic paragraph style around the logo: centred, with room below."""


def _odt_content(content: bytes, logo: Logo) -> bytes:
    """content.xml with the logo in a centred paragraph of its own before the title."""
    alt = escape(logo.alt)
    frame = (
        f'<text:p text:style-name="{STYLE}"><draw:frame draw:name="Logo" text:anchor-type="as-char"'
        f' svg:width="{WIDTH_CM}cm" svg:height="{logo.height_cm}cm" draw:z-index="0">'
        f'<draw:image xlink:href="Pictures/{NAME}" xlink:type="simple" xlink:show="embed"'
        ' xlink:actuate="onLoad" draw:mime-type="image/png"/>'
        f"<svg:title>{alt}</svg:title></draw:frame></text:p>"
    )
    style = (
        f'<style:style style:name="{STYLE}" style:family="paragraph" style:parent-style-name="Standard">'
        '<style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.8cm"/></style:style>'
    )
    found = _ODT_TITLE.search(content)
    if found is None:
        return content
    text = content[: found.start()] + frame.encode("utf-8") + content[found.start() :]
    if b"</office:automatic-styles>" in text:
        return text.replace(b"</office:automatic-styles>", style.encode() + b"</office:automatic-styles>", 1)
    styles = f"<office:automatic-styles>{style}</office:automatic-styles>".encode()
    return re.sub(rb"<office:automatic-styles\s*/>", lambda _: styles, text, count=1)


def _odt_manifest(manifest: bytes) -> bytes:
    entry = f'<manifest:file-entry manifest:full-path="Pictures/{NAME}" manifest:media-type="image/png"/>'
    return manifest.replace(b"</manifest:manifest>", entry.encode() + b"</manifest:manifest>", 1)

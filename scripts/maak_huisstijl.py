"""Regenerate macros/handboek/reference.docx and reference.odt from pandoc's defaults.

The reference documents carry the house style of the DOCX and ODT handbooks: fonts,
sizes, spacing and heading colours. Headings use PRIMARY_MARKER as their colour; the
build replaces it with the party's own primary colour from content/partij.yml.

Run with `make huisstijl` after changing this file, and commit both documents.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pypandoc
from docx.shared import Mm, Pt, RGBColor

from bouwstenen.documents import PRIMARY_MARKER, rewrite

TARGET = Path(__file__).resolve().parent.parent / "macros" / "handboek"
FONT = "Arial"


def _default(name: str) -> bytes:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", name],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout


def make_docx() -> None:
    document = docx.Document(io.BytesIO(_default("reference.docx")))
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        styles[name].font.name = FONT
        styles[name].font.size = Pt(11)
    sizes = {"Title": 28, "Subtitle": 16, "Heading 1": 20, "Heading 2": 14, "Heading 3": 12}
    for name, size in sizes.items():
        font = styles[name].font
        font.name = FONT
        font.size = Pt(size)
        font.bold = name != "Subtitle"
        font.color.rgb = RGBColor.from_string(PRIMARY_MARKER.upper())
    styles["Block Text"].font.italic = False
    styles["Block Text"].font.color.rgb = RGBColor.from_string("404040")
    styles["Heading 1"].paragraph_format.page_break_before = True  # each chapter on a new page
    for section in document.sections:  # A4 with 2.5 cm margins, as printed in the Netherlands
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    buffer = io.BytesIO()
    document.save(buffer)
    (TARGET / "reference.docx").write_bytes(rewrite(buffer.getvalue(), {"word/styles.xml": _docx_contents}))


# The table of contents: the build writes its entries (documents.py), so Word need not be
# asked to update fields on opening; the heading in the party colour, each entry a line.
_TOC1 = (
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr></w:style>'
)

_HEADER_ROW = '<w:tblStylePr w:type="firstRow">'
"""The header row of every table (in the amendments) in bold, as the ODT has it."""


def _docx_contents(styles: bytes) -> bytes:
    text = styles.decode()
    start = text.index('w:styleId="TOCHeading"')
    end = text.index("</w:style>", start)
    heading = re.sub(r"<w:color [^>]*/>", f'<w:color w:val="{PRIMARY_MARKER.upper()}"/>', text[start:end])
    text = text[:start] + heading + text[end:]
    text = text.replace(_HEADER_ROW, _HEADER_ROW + "<w:rPr><w:b/><w:bCs/></w:rPr>", 1)
    return text.replace("</w:styles>", _TOC1 + "</w:styles>", 1).encode()


def make_odt() -> None:
    odt = rewrite(_default("reference.odt"), {"styles.xml": lambda xml: _odt_styles(xml.decode()).encode()})
    (TARGET / "reference.odt").write_bytes(odt)


def _odt_title_and_contents() -> str:
    """Title, subtitle, author and date as on the DOCX's title page, and the table of contents
    on a page of its own, in the party colour (pandoc's reference.odt has none of these)."""
    colour = f"#{PRIMARY_MARKER.lower()}"

    def text(size: str, bold: bool = False) -> str:
        weight = ' fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'
        return (
            f'<style:text-properties fo:color="{colour}" fo:font-size="{size}" style:font-size-asian="{size}"'
            f' style:font-size-complex="{size}"{weight if bold else ""}/>'
        )

    centred = '<style:paragraph-properties fo:text-align="center"/>'
    return (
        '<style:style style:name="Title" style:display-name="Title" style:family="paragraph"'
        ' style:parent-style-name="Heading" style:next-style-name="Subtitle" style:class="chapter">'
        '<style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>'
        f"{text('28pt', bold=True)}</style:style>"
        '<style:style style:name="Subtitle" style:display-name="Subtitle" style:family="paragraph"'
        ' style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:class="chapter">'
        '<style:paragraph-properties fo:text-align="center" fo:margin-top="0.1cm" fo:margin-bottom="0.6cm"/>'
        f"{text('16pt')}</style:style>"
        '<style:style style:name="Author" style:display-name="Author" style:family="paragraph"'
        f' style:parent-style-name="Text_20_body" style:class="text">{centred}</style:style>'
        '<style:style style:name="Date" style:display-name="Date" style:family="paragraph"'
        f' style:parent-style-name="Text_20_body" style:class="text">{centred}</style:style>'
        '<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading"'
        ' style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Contents_20_1"'
        ' style:class="index"><style:paragraph-properties fo:break-before="page" text:number-lines="false"'
        f' text:line-number="0"/>{text("115%", bold=True)}</style:style>'
        '<style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph"'
        ' style:parent-style-name="Index" style:class="index">'
        '<style:paragraph-properties fo:margin-left="0cm" fo:margin-top="0.1cm" fo:margin-bottom="0.1cm">'
        "<style:tab-stops><style:tab-stop"
        ' style:position="16cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>'
        "</style:tab-stops></style:paragraph-properties></style:style>"
        '<style:style style:name="Index_20_Link" style:display-name="Index Link" style:family="text"/>'
    )


def _odt_styles(xml: str) -> str:
    xml = re.sub(r'style:font-name="[^"]*"', f'style:font-name="{FONT}"', xml)
    if f'style:name="{FONT}"' not in xml:
        xml = xml.replace(
            "<office:font-face-decls>",
            f'<office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="{FONT}"'
            ' style:font-family-generic="swiss" style:font-pitch="variable"/>',
        )
    xml = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', xml)
    xml = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', xml)
    xml = re.sub(r'fo:margin-(top|bottom|left|right)="1in"', r'fo:margin-\1="2.5cm"', xml)
    xml = re.sub(  # each chapter on a new page
        r'(<style:style style:name="Heading_20_1"[^>]*>)',
        r'\1<style:paragraph-properties fo:break-before="page" />',
        xml,
    )
    for level in (1, 2, 3):
        xml = re.sub(
            rf'(<style:style style:name="Heading_20_{level}"[^>]*>\s*'
            r"(?:<style:paragraph-properties[^>]*/>\s*)?)<style:text-properties",
            rf'\1<style:text-properties fo:color="#{PRIMARY_MARKER.lower()}"',
            xml,
        )
    return xml.replace("</office:styles>", _odt_title_and_contents() + "</office:styles>", 1)


if __name__ == "__main__":
    make_docx()
    make_odt()

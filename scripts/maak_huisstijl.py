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

from bouwstenen.documents import PRIMARY_MARKER, rewrite_member

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
    settings = rewrite_member(buffer.getvalue(), "word/settings.xml", _update_fields_on_open)
    (TARGET / "reference.docx").write_bytes(settings)


def _update_fields_on_open(settings: bytes) -> bytes:
    """Ask Word to fill the table of contents when the document is opened."""
    if b"updateFields" in settings:
        return settings
    return settings.replace(b"<w:zoom ", b'<w:updateFields w:val="true" /><w:zoom ', 1)


def make_odt() -> None:
    odt = rewrite_member(
        _default("reference.odt"), "styles.xml", lambda xml: _odt_styles(xml.decode()).encode()
    )
    (TARGET / "reference.odt").write_bytes(odt)


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
    return xml


if __name__ == "__main__":
    make_docx()
    make_odt()

"""Stage 5, build (documents): pandoc and Typst turn a Handbook into DOCX, ODT and PDF
(or the guide into a PDF only).

One pandoc process reads the handbook once and writes DOCX, ODT and Typst
(convert.lua); Typst then compiles the PDF in process. Every engine call has a time
limit. Pandoc reads Markdown without raw HTML, raw TeX or raw attributes and drops
images, so nothing in a YAML file reaches an engine as code or makes it read a file;
Typst compiles in a temporary folder that holds only the document and its logo.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pikepdf
import typst

from bouwstenen import officefiles, pandoc
from bouwstenen.characters import FONTS
from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.handbook import Handbook
from bouwstenen.pandoc import EngineError
from bouwstenen.problem import Problem, internal
from bouwstenen.templates import MACROS

TIMEOUT_SECONDS = 120
PRIMARY_MARKER = "1f5d7a"
"""Heading colour in macros/handboek/reference.*; replaced by the party's own colour."""

KEY_FILE = ".sleutel"
"""Beside a PDF that build_pdf made: the digest of what it was made from."""

FORMATS = (("pdf", "PDF"), ("docx", "Word (DOCX)"), ("odt", "LibreOffice (ODT)"), ("md", "Markdown"))


@dataclass(frozen=True, slots=True)
class Download:
    """One file of the handbook as offered on the site."""

    label: str
    filename: str
    size: int


def build_documents(
    handbook: Handbook,
    root: Path,
    out_dir: Path,
    moment: int,
    timings: dict[str, float],
    kinds: tuple[str, ...] = ("docx", "odt"),
) -> tuple[tuple[Download, ...], list[Problem]]:
    """Write the handbook as PDF, Markdown and `kinds` (DOCX, ODT) into `out_dir`.

    `moment` (seconds since 1970) is the creation date written into every file, so the
    same input gives the same bytes. Seconds per step are added to `timings`.
    """
    stem = _source(handbook, out_dir)
    problems = _engines(handbook, root, stem, kinds, moment, timings)
    if problems:
        return (), problems
    downloads = tuple(
        Download(label, f"{handbook.filename}.{suffix}", stem.with_suffix(f".{suffix}").stat().st_size)
        for suffix, label in FORMATS
        if suffix in (*kinds, "pdf", "md")
    )
    return downloads, []


def build_pdf(
    handbook: Handbook, root: Path, out_dir: Path, moment: int, tools: str, timings: dict[str, float]
) -> tuple[Download | None, list[Problem]]:
    """Only the PDF of `handbook` (the guide), in `out_dir`: the one made there before when
    nothing that goes into it changed, else a new one.

    `tools` is a digest of our code, templates, fonts and pinned engines (cache.tooling).
    `out_dir` is a work folder of ours; the Markdown pandoc read stays beside the PDF.
    """
    pdf = out_dir / f"{handbook.filename}.pdf"
    key = _pdf_key(handbook, root, moment, tools)
    made = out_dir / KEY_FILE
    if not (pdf.is_file() and made.is_file() and made.read_text("utf-8") == key):
        made.unlink(missing_ok=True)
        problems = _engines(handbook, root, _source(handbook, out_dir), (), moment, timings)
        if problems:
            return None, problems
        made.write_text(key, "utf-8")
    return Download("PDF", pdf.name, pdf.stat().st_size), []


def _source(handbook: Handbook, out_dir: Path) -> Path:
    """Write the handbook's Markdown into `out_dir`; the stem of every file made from it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / handbook.filename
    stem.with_suffix(".md").write_text(handbook.markdown, encoding="utf-8")
    return stem


def _engines(
    handbook: Handbook, root: Path, stem: Path, kinds: tuple[str, ...], moment: int, timings: dict[str, float]
) -> list[Problem]:
    """pandoc from stem.md to the `kinds` and Typst, then the PDF; a failure as a problem."""
    try:
        with tempfile.TemporaryDirectory(prefix="bouwstenen-") as folder:
            pandoc_work, typst_root = Path(folder) / "pandoc", Path(folder) / "typst"
            pandoc_work.mkdir()
            typst_root.mkdir()
            _pandoc(handbook, stem, kinds, pandoc_work, typst_root / "handboek.typ", moment, timings)
            _finish(stem, kinds)
            _logo(handbook, root, stem, kinds)
            _pdf(handbook, root, stem, typst_root, moment, timings)
    except EngineError as error:
        return [internal(f"site/{handbook.folder}/{handbook.filename}", str(error))]
    return []


def _logo(handbook: Handbook, root: Path, stem: Path, kinds: tuple[str, ...]) -> None:
    """The party's logo above the title of the DOCX and ODT, with the PDF's alt text."""
    if not handbook.logo or not kinds:
        return
    try:
        logo = officefiles.read_logo(root / handbook.logo, _logo_alt(handbook))
    except (typst.TypstError, DeadlineExceeded, OSError) as error:
        raise EngineError(f"Bouwstenen kon het logo niet in de DOCX en ODT zetten: {error}") from error
    for kind in kinds:
        document = stem.with_suffix(f".{kind}")
        changes, added = officefiles.changes(kind, logo)
        document.write_bytes(rewrite(document.read_bytes(), changes, added))


def _logo_alt(handbook: Handbook) -> str:
    return handbook.logo_alt or f"Logo van {handbook.author}"


def _pdf_key(handbook: Handbook, root: Path, moment: int, tools: str) -> str:
    """What the PDF of `handbook` is made from: its text and house style, its logo, the
    date in it, and our code and tools."""
    digest = hashlib.sha256(tools.encode())
    digest.update(repr(replace(handbook, markdown="")).encode())
    digest.update(handbook.markdown.encode())
    digest.update(str(moment).encode())
    if handbook.logo:
        digest.update((root / handbook.logo).read_bytes())
    return digest.hexdigest()


def _pandoc(
    handbook: Handbook,
    stem: Path,
    kinds: tuple[str, ...],
    work: Path,
    typst_file: Path,
    moment: int,
    timings: dict[str, float],
) -> None:
    outputs: list[dict[str, str]] = []
    for kind in kinds:
        reference = work / f"reference.{kind}"
        reference.write_bytes(_reference(kind, handbook.primair, handbook.concept))
        outputs.append(
            {"format": kind, "path": str(stem.with_suffix(f".{kind}")), "reference_doc": str(reference)}
        )
    template = MACROS / "handboek" / "handboek.typ"
    # typst-smart: pandoc writes quotes and apostrophes as the characters they are. With
    # `smart` it writes them straight and Typst guesses, and guesses an opening quote for
    # the apostrophe of 's-Hertogenbosch.
    outputs.append({"format": "typst-smart", "path": str(typst_file), "template": str(template)})
    jobs = work / "jobs.json"
    job = {
        "input": str(stem.with_suffix(".md")),
        "moment": moment,
        "outputs": outputs,
        "links": dict(handbook.links),
    }
    jobs.write_text(json.dumps([job]), "utf-8")
    started = time.perf_counter()
    measured = 0.0
    for step in pandoc.convert(jobs, TIMEOUT_SECONDS):
        _add(timings, f"pandoc {str(step['step']).removesuffix('-smart')}", float(step["seconds"]))
        measured += float(step["seconds"])
    _add(timings, "pandoc start", time.perf_counter() - started - measured)


def _add(timings: dict[str, float], step: str, seconds: float) -> None:
    timings[step] = timings.get(step, 0.0) + seconds


def _pdf(
    handbook: Handbook, root: Path, stem: Path, typst_root: Path, moment: int, timings: dict[str, float]
) -> None:
    """Compile typst_root/handboek.typ; the folder holds only the document and its logo."""
    inputs = {
        "titel": handbook.title,
        "auteur": handbook.author,
        "primair": handbook.primair,
        "accent": handbook.accent,
    }
    if handbook.concept:
        inputs["concept"] = "ja"
    if handbook.chapter_on_new_page:
        inputs["hoofdstuk-op-nieuwe-pagina"] = "ja"
    if handbook.logo:
        logo = f"logo{Path(handbook.logo).suffix.lower()}"
        shutil.copyfile(root / handbook.logo, typst_root / logo)
        inputs["logo"] = logo
        inputs["logo-alt"] = _logo_alt(handbook)
    started = time.perf_counter()
    try:
        pdf = accessible_pdf(typst_root / "handboek.typ", moment, inputs)
    except typst.TypstError as error:
        raise EngineError(f"Typst kon de PDF niet maken: {error}") from error
    except DeadlineExceeded as error:
        raise EngineError(f"Typst kon de PDF niet maken binnen {TIMEOUT_SECONDS} seconden") from error
    _add(timings, "typst", time.perf_counter() - started)
    stem.with_suffix(".pdf").write_bytes(pdf)


@cache
def _reference(kind: str, primary: str, concept: bool = False) -> bytes:
    """macros/handboek/reference.<kind> with headings in the party's primary colour, and for a
    concept "Concept" in the header of every page."""
    colour = primary.lstrip("#")

    def recolour(styles: bytes) -> bytes:
        text = styles.decode("utf-8")
        return text.replace(PRIMARY_MARKER.upper(), colour.upper()).replace(PRIMARY_MARKER, colour).encode()

    source = (MACROS / "handboek" / f"reference.{kind}").read_bytes()
    styles = "word/styles.xml" if kind == "docx" else "styles.xml"
    if not concept:
        return rewrite(source, {styles: recolour})
    if kind == "odt":
        return rewrite(source, {styles: lambda data: _odt_header(recolour(data))})
    changes = {
        styles: recolour,
        "word/document.xml": _docx_header_reference,
        "word/_rels/document.xml.rels": _docx_header_relation,
        "[Content_Types].xml": _docx_header_type,
    }
    return rewrite(source, changes, {"word/header1.xml": DOCX_HEADER.encode()})


CONCEPT = "Concept"
"""The word in the header of every page of a concept's DOCX and ODT."""
DOCX_HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="B3261E"/></w:rPr>'
    f"<w:t>{CONCEPT}</w:t></w:r></w:p></w:hdr>"
)


def _docx_header_reference(document: bytes) -> bytes:
    reference = '<w:sectPr><w:headerReference w:type="default" r:id="rIdKop"/>'
    return document.replace(b"<w:sectPr>", reference.encode(), 1)


def _docx_header_relation(relations: bytes) -> bytes:
    relation = (
        '<Relationship Id="rIdKop" Target="header1.xml" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"/></Relationships>'
    )
    return relations.replace(b"</Relationships>", relation.encode(), 1)


def _docx_header_type(types: bytes) -> bytes:
    override = (
        '<Override PartName="/word/header1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>'
    )
    return types.replace(b"</Types>", override.encode(), 1)


def _odt_header(styles: bytes) -> bytes:
    """The master page of reference.odt with a header that says Concept."""
    spacing = (
        '<style:header-style><style:header-footer-properties fo:min-height="0in"'
        ' fo:margin-bottom="0.2in"/></style:header-style><style:footer-style>'
    )
    header = f'<style:header><text:p text:style-name="MP1">{CONCEPT}</text:p></style:header><style:footer>'
    text = styles.decode("utf-8").replace("<style:footer-style>", spacing, 1)
    return text.replace("<style:footer>", header, 1).encode("utf-8")


def _finish(stem: Path, kinds: tuple[str, ...]) -> None:
    """Write the entries of the table of contents into the DOCX and ODT pandoc made, and keep
    a name whole after its 's- ('s-Hertogenbosch never ends a line on 's-).

    Pandoc leaves the table empty for Word or LibreOffice to fill, and LibreOffice never
    fills it by itself. The entries are the chapter headings, each a link to its
    heading, without page numbers (Word and LibreOffice add those when the reader
    updates the table; the pages differ per program anyway).
    """
    if "docx" in kinds:
        docx = stem.with_suffix(".docx")
        hyphen = '\u2019s</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'  # Word's own
        change = {"word/document.xml": lambda xml: _whole_names(_docx_contents(xml), hyphen)}
        docx.write_bytes(rewrite(docx.read_bytes(), change))
    if "odt" in kinds:
        odt = stem.with_suffix(".odt")
        change = {"content.xml": lambda xml: _whole_names(_odt_contents(xml), "\u2019s\u2011")}
        odt.write_bytes(rewrite(odt.read_bytes(), change))


_ELISION_HYPHEN = re.compile("\u2019s-(?=\\w)")


def _whole_names(xml: bytes, replacement: str) -> bytes:
    """`xml` with the hyphen of every 's- before a letter (only in text: no markup holds
    U+2019) written as a hyphen where no line may break."""
    return _ELISION_HYPHEN.sub(replacement, xml.decode("utf-8")).encode("utf-8")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TOC = re.compile(
    rb'<w:p><w:r><w:fldChar w:fldCharType="begin"[^>]*/>(<w:instrText[^>]*>TOC [^<]*</w:instrText>)'
    rb'<w:fldChar w:fldCharType="separate" ?/><w:fldChar w:fldCharType="end" ?/></w:r></w:p>'
)


def _docx_contents(document: bytes) -> bytes:
    """document.xml with an entry per chapter heading (style Heading1) in the TOC field."""
    found = _DOCX_TOC.search(document)
    entries = _docx_headings(document)
    if found is None or not entries:
        return document
    paragraphs = []
    for number, (anchor, title) in enumerate(entries):
        start = (
            f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>{found[1].decode()}</w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if number == 0
            else ""
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if number == len(entries) - 1 else ""
        link = f'<w:hyperlink w:anchor="{_attribute(anchor)}" w:history="1">'
        text = f'<w:r><w:t xml:space="preserve">{escape(title)}</w:t></w:r>'
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{start}{link}{text}</w:hyperlink>{end}</w:p>'
        )
    return document[: found.start()] + "".join(paragraphs).encode() + document[found.end() :]


def _docx_headings(document: bytes) -> list[tuple[str, str]]:
    """(bookmark, text) of every Heading1 paragraph, the bookmark pandoc put before it."""
    headings: list[tuple[str, str]] = []
    bookmark = ""
    for element in ElementTree.fromstring(document).iter():
        if element.tag == f"{W}bookmarkStart":
            bookmark = element.get(f"{W}name", "")
        elif element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(f"{W}val") == "Heading1" and bookmark:
                headings.append((bookmark, "".join(t.text or "" for t in element.iter(f"{W}t"))))
            bookmark = ""
    return headings


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_TOC = re.compile(
    rb"<text:table-of-content>(.*?</text:table-of-content-source>)\s*</text:table-of-content>", re.S
)


def _odt_contents(content: bytes) -> bytes:
    """content.xml with the table of contents' body: its title and an entry per chapter."""
    found = _ODT_TOC.search(content)
    entries = _odt_headings(content)
    if found is None or not entries:
        return content
    title = re.search(rb"<text:index-title-template[^>]*>([^<]*)<", found[1])
    link = '<text:a xlink:type="simple" xlink:href="#{}" text:style-name="Index_20_Link">{}</text:a>'
    lines = "".join(
        f'<text:p text:style-name="Contents_20_1">{link.format(_attribute(anchor), escape(text))}</text:p>'
        for anchor, text in entries
    )
    body = (
        '<text:index-body><text:index-title text:name="Inhoud_kop">'
        f'<text:p text:style-name="Contents_20_Heading">{title[1].decode() if title else ""}</text:p>'
        f"</text:index-title>{lines}</text:index-body>"
    )
    table = (
        f'<text:table-of-content text:name="Inhoud" text:protected="true">{found[1].decode()}'
        f"{body}</text:table-of-content>"
    )
    return content[: found.start()] + table.encode() + content[found.end() :]


def _odt_headings(content: bytes) -> list[tuple[str, str]]:
    """(bookmark, text) of every heading of outline level 1."""
    return [
        (mark.get(f"{TEXT}name", ""), "".join(heading.itertext()))
        for heading in ElementTree.fromstring(content).iter(f"{TEXT}h")
        if heading.get(f"{TEXT}outline-level") == "1"
        and (mark := heading.find(f"{TEXT}bookmark-start")) is not None
    ]


def accessible_pdf(main: Path, moment: int, inputs: dict[str, str] | None = None) -> bytes:
    """`main` (a Typst file, its folder the root) as a tagged PDF (PDF/UA-1) in our own fonts
    only, dated `moment`, within TIMEOUT_SECONDS; raises typst.TypstError or DeadlineExceeded."""
    made = within(
        TIMEOUT_SECONDS,
        lambda: typst.compile(
            str(main),
            root=str(main.parent),
            sys_inputs=inputs or {},
            pdf_standards=["ua-1"],
            ignore_system_fonts=True,
            font_paths=[str(FONTS)],
            timestamp=moment,
        ),
    )
    assert isinstance(made, bytes)
    return compressed(made)


def compressed(pdf: bytes) -> bytes:
    """`pdf` with its objects in compressed object streams (PDF 1.5), the same pages and tags:
    Typst writes each object of the structure tree on its own, which makes a tagged PDF about
    40 % larger. The same input gives the same bytes (deterministic_id)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            recompress_flate=False,
            deterministic_id=True,
        )
    return out.getvalue()


def rewrite(
    archive: bytes, changes: dict[str, Callable[[bytes], bytes]], added: dict[str, bytes] | None = None
) -> bytes:
    """A copy of the zip `archive` (a DOCX or ODT) with members passed through `changes` and
    the members `added` put at the end.

    Every other entry, its date and its compression (ODT's mimetype stays stored) is kept.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as original, zipfile.ZipFile(out, "w") as copy:
        last = original.infolist()[-1]
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, changes[item.filename](data) if item.filename in changes else data)
        for name, data in (added or {}).items():
            info = zipfile.ZipInfo(name, last.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            copy.writestr(info, data)
    return out.getvalue()

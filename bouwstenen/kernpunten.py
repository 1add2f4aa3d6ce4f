"""The short version of a branch's program: its core points on one A4 and as images to share.

A sibling of the handbook: the Edition in, files out, in the branch's downloads/ folder:
<slug>-kernpunten.pdf (one A4 page: per theme its core points, one line each, and a QR code
to the site) and per theme <slug>-kernpunten-<theme>.png (1080 × 1080, for social media)
with its alt text in <slug>-kernpunten-<theme>.txt. Typst compiles the templates in
macros/kernpunten/ in a folder that holds only them, the logo, the QR code and the data as
JSON, so no text from a file is read as Typst code.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno
import typst
from PIL import Image

from bouwstenen.characters import FONTS
from bouwstenen.compose import Chapter, Edition
from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.documents import TIMEOUT_SECONDS, Download, compressed
from bouwstenen.load import BRANCHES_DIR
from bouwstenen.problem import Problem, internal
from bouwstenen.stemhulp import shorten, text_of
from bouwstenen.templates import MACROS
from bouwstenen.yamlfile import read_yaml

FOLDER = MACROS / "kernpunten"
PAGE = "kernpunten.typ"
IMAGE = "beeld.typ"
DATA = "kernpunten.json"
QR_CODE = "qr.svg"
LINE_SIZE = 100
"""Characters of a core point on the A4, so that it fits on one line at 10.5 points; the
template makes the letters larger (up to 14 points) while every line still fits."""
IMAGE_POINT_SIZE = 170
"""Characters of the core point on an image."""
IMAGE_PPI = 144
"""The images are 7.5 inch square (macros/kernpunten/beeld.typ): 7.5 × 144 = 1080 pixels."""
PAGES_LABEL = "<paginas>"


def pdf_name(slug: str) -> str:
    """The file name of the branch's core points on one A4."""
    return f"{slug}-kernpunten.pdf"


def image_name(slug: str, chapter: Chapter) -> str:
    """The file name of the square image of one theme; its alt text has the same name in .txt."""
    return f"{slug}-kernpunten-{chapter.id}.png"


def short_address(url: str) -> str:
    """A web address as people type it: without https:// and the last slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def shared(edition: Edition) -> list[Chapter]:
    """The chapters that have a core point to show."""
    return [chapter for chapter in edition.hoofdstukken if chapter.kern]


def template_data(edition: Edition, url: str) -> dict[str, Any]:
    """What the templates show, as plain text: names, colours, the address and per theme the
    core points, each shortened to one line on the A4 and to one point on the image."""
    return {
        "titel": f"Kernpunten {edition.afdeling}",
        "afdeling": edition.afdeling,
        "gemeente": edition.gemeente,
        "partij": edition.partij.naam,
        "primair": edition.partij.primair,
        "accent": edition.partij.accent,
        "url": url,
        "adres": short_address(url),
        "concept": edition.status == "concept",
        "themas": [
            {
                "titel": " ".join(chapter.titel.split()),
                "punten": [shorten(text_of(p.tekst), LINE_SIZE) for p in chapter.kern],
                "beeld": shorten(text_of(chapter.kern[0].tekst), IMAGE_POINT_SIZE),
            }
            for chapter in shared(edition)
        ],
    }


def alt_text(data: dict[str, Any], index: int) -> str:
    """The alt text of the image of theme `index`: what the image says, in words."""
    theme = data["themas"][index]
    return f"Afbeelding van {data['afdeling']} over het thema {theme['titel']}. Kernpunt: {theme['beeld']}\n"


def build_kernpunten(
    edition: Edition, root: Path, out_dir: Path, url: str, moment: int, timings: dict[str, float]
) -> tuple[tuple[Download, ...], list[Problem]]:
    """Write the A4 and the images with their alt text into `out_dir`; `url` is the branch's site.

    `moment` (seconds since 1970) is the creation date written into the PDF, so the same input
    gives the same bytes. A page that does not fit on one A4 is the branch's problem.
    """
    data = template_data(edition, url)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bouwstenen-") as folder:
            work = Path(folder)
            _prepare(edition, root, work, data)
            pdf, pages = within(TIMEOUT_SECONDS, lambda: _page(work, moment))
            if pages > 1:
                return (), [_too_long(edition, pages, root)]
            images = within(TIMEOUT_SECONDS, lambda: _images(work, len(data["themas"])))
    except (typst.TypstError, DeadlineExceeded) as error:
        return (), [_engine_problem(edition, error)]
    timings["kernpunten"] = time.perf_counter() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    made = [(Download("Kernpunten op één A4 (PDF)", pdf_name(edition.slug), len(pdf)), pdf)]
    for index, (chapter, image) in enumerate(zip(shared(edition), images, strict=True)):
        name = image_name(edition.slug, chapter)
        alt = alt_text(data, index).encode("utf-8")
        made.append((Download(f"Afbeelding {chapter.titel}", name, len(image)), image))
        made.append((Download(f"Beschrijving {chapter.titel}", alt_name(name), len(alt)), alt))
    for download, content in made:
        (out_dir / download.filename).write_bytes(content)
    return tuple(download for download, _ in made), []


def alt_name(image: str) -> str:
    return image.removesuffix(".png") + ".txt"


def _prepare(edition: Edition, root: Path, folder: Path, data: dict[str, Any]) -> None:
    """Put the templates, the data, the QR code and the logo in `folder`, and nothing else."""
    for name in (PAGE, IMAGE):
        shutil.copyfile(FOLDER / name, folder / name)
    qr = segno.make(data["url"], error="m", micro=False)
    qr.save(str(folder / QR_CODE), kind="svg", scale=4, border=4, xmldecl=False)
    if edition.logo:
        logo = f"logo{Path(edition.logo).suffix.lower()}"
        shutil.copyfile(root / edition.logo, folder / logo)
        data = {**data, "logo": logo, "logo_alt": edition.logo_beschrijving or f"Logo van {edition.afdeling}"}
    (folder / DATA).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def typst_compiler(folder: Path, template: str) -> typst.Compiler:
    """A Typst compiler for `template` in `folder`, which is its root: our fonts, none of the system's."""
    return typst.Compiler(
        str(folder / template), root=str(folder), font_paths=[str(FONTS)], ignore_system_fonts=True
    )


def _page(folder: Path, moment: int) -> tuple[bytes, int]:
    """The A4 as PDF, and how many pages it took."""
    compiler = typst_compiler(folder, PAGE)
    pdf = compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=moment)
    pages = json.loads(compiler.query(PAGES_LABEL, field="value", one=True))
    assert isinstance(pdf, bytes)
    return compressed(pdf), int(pages)


IMAGE_COLOURS = 16
"""The share images keep 16 colours (the party's, white and the edges of the letters): a
quarter of the bytes of Typst's full-colour PNG and a fifth less than 32 colours, the same to
the eye, so that 342 branches stay within the published size (bench/run.py)."""
Z_RLE = 3
"""zlib's run-length strategy. These flat pictures are long runs of one palette index: with it
a share image is written in 3 ms instead of 10 (level 7) or 50 (level 9), and is 2 % smaller
than level 7 and 1.5 % larger than level 9 (measured on the images of zwolle and on the preview
images, bench/run.py has the totals)."""


def fewer_colours(png: bytes) -> bytes:
    """`png` with IMAGE_COLOURS colours, written with zlib's run-length strategy, the same way
    each time.

    Pillow's fast octree finds the colours of these flat images as well as median cut
    (the same picture to the eye, fewer bytes) in an eighth of its time."""
    with Image.open(io.BytesIO(png)) as image:
        fewer = image.convert("RGB").quantize(colors=IMAGE_COLOURS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    fewer.save(out, "PNG", compress_level=9, compress_type=Z_RLE)
    return out.getvalue()


def _images(folder: Path, count: int) -> list[bytes]:
    """One PNG per theme with a core point."""
    compiler = typst_compiler(folder, IMAGE)
    images = []
    for index in range(count):
        made = compiler.compile(format="png", ppi=IMAGE_PPI, sys_inputs={"thema": str(index)})
        pages = made if isinstance(made, list) else [made]
        assert len(pages) == 1 and isinstance(pages[0], bytes), (
            f"one page per image, not {len(pages)}: {index}"
        )
        images.append(fewer_colours(pages[0]))
    return images


def _too_long(edition: Edition, pages: int, root: Path) -> Problem:
    """The problem, at the line of the branch's themes (read again: this is rare)."""
    path = f"{BRANCHES_DIR}/{edition.slug}.yml"
    document, _ = read_yaml((root / path).read_bytes(), path)
    return Problem(
        path,
        document.line(("themas",)) if document else 0,
        f"de kernpunten passen niet op één A4 (ze nemen {pages} pagina's):"
        f" {len(shared(edition))} thema's met samen"
        f" {sum(len(chapter.kern) for chapter in shared(edition))} kernpunten",
        "kies per thema minder kernpunten met 'kernpunten: [...]' bij de kaart, of minder thema's",
    )


def _engine_problem(edition: Edition, error: Exception) -> Problem:
    return internal(
        f"site/{edition.slug}/downloads/{pdf_name(edition.slug)}",
        f"Typst kon de kernpunten niet maken: {error}",
    )

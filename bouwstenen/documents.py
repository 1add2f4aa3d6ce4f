"""Stage 5, build (documents): pandoc and Typst turn a Handbook into DOCX, ODT and PDF.

Every engine call has a timeout. Pandoc reads Markdown without raw HTML, raw TeX or
raw attributes, so nothing in a YAML file reaches an engine as code; Typst compiles
in a temporary folder that holds only the document and its logo.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import typst

from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.handbook import Handbook
from bouwstenen.problem import Problem
from bouwstenen.templates import MACROS

PANDOC_INPUT = "markdown-raw_html-raw_tex-raw_attribute"
TIMEOUT_SECONDS = 120
PRIMARY_MARKER = "1f5d7a"
"""Heading colour in macros/handboek/reference.*; replaced by the party's own colour."""

FORMATS = (("pdf", "PDF"), ("docx", "Word (DOCX)"), ("odt", "LibreOffice (ODT)"), ("md", "Markdown"))


@dataclass(frozen=True, slots=True)
class Download:
    """One file of the handbook as offered on the site."""

    label: str
    filename: str
    size: int


class EngineError(Exception):
    """An engine failed or timed out; the message is Dutch."""


def build_documents(
    handbook: Handbook, root: Path, out_dir: Path, timestamp: int | None = None
) -> tuple[tuple[Download, ...], list[Problem]]:
    """Write the handbook as PDF, DOCX, ODT and Markdown into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / handbook.filename
    stem.with_suffix(".md").write_text(handbook.markdown, encoding="utf-8")
    where = f"site/{handbook.slug}/downloads"
    try:
        for kind in ("docx", "odt"):
            reference = _reference(kind, handbook.primair, out_dir)
            _pandoc(stem.with_suffix(".md"), stem.with_suffix(f".{kind}"), f"--reference-doc={reference}")
            reference.unlink()
        _pdf(handbook, root, stem, timestamp)
    except EngineError as error:
        return (), [Problem(where, 0, str(error), "meld dit bij het partijbureau, met deze melding")]
    downloads = tuple(
        Download(label, f"{handbook.filename}.{suffix}", stem.with_suffix(f".{suffix}").stat().st_size)
        for suffix, label in FORMATS
    )
    return downloads, []


def _pandoc(source: Path, target: Path, *options: str) -> None:
    command = [
        pypandoc.get_pandoc_path(),
        f"--from={PANDOC_INPUT}",
        "--toc",
        "--toc-depth=1",
        "--sandbox",
        *options,
        f"--output={target}",
        str(source),
    ]
    _run(command, f"pandoc kon {target.name} niet maken")


def _pdf(handbook: Handbook, root: Path, stem: Path, timestamp: int | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bouwstenen-typst-") as folder:
        work = Path(folder)
        document = work / "handboek.typ"
        template = MACROS / "handboek" / "handboek.typ"
        _pandoc(stem.with_suffix(".md"), document, "--to=typst", f"--template={template}")
        inputs = {
            "titel": handbook.title,
            "auteur": handbook.author,
            "primair": handbook.primair,
            "accent": handbook.accent,
        }
        if handbook.logo:
            logo = f"logo{Path(handbook.logo).suffix.lower()}"
            shutil.copyfile(root / handbook.logo, work / logo)
            inputs["logo"] = logo
        try:
            pdf = within(
                TIMEOUT_SECONDS,
                lambda: typst.compile(
                    str(document),
                    root=str(work),
                    sys_inputs=inputs,
                    pdf_standards=["ua-1"],
                    ignore_system_fonts=True,
                    timestamp=timestamp,
                ),
            )
        except typst.TypstError as error:
            raise EngineError(f"Typst kon de PDF niet maken: {error}") from error
        except DeadlineExceeded as error:
            raise EngineError(f"Typst kon de PDF niet maken binnen {TIMEOUT_SECONDS} seconden") from error
        stem.with_suffix(".pdf").write_bytes(pdf)


def _reference(kind: str, primary: str, out_dir: Path) -> Path:
    """macros/handboek/reference.<kind> with headings in the party's primary colour."""
    source = MACROS / "handboek" / f"reference.{kind}"
    target = out_dir / f".reference.{kind}"
    styles = "word/styles.xml" if kind == "docx" else "styles.xml"
    colour = primary.lstrip("#")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == styles:
                text = data.decode("utf-8")
                text = text.replace(PRIMARY_MARKER.upper(), colour.upper()).replace(PRIMARY_MARKER, colour)
                data = text.encode("utf-8")
            copy.writestr(item, data)
    return target


def _run(command: list[str], failure: str) -> None:
    try:
        subprocess.run(command, capture_output=True, check=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        raise EngineError(f"{failure}: het duurde langer dan {TIMEOUT_SECONDS} seconden") from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"{failure}: {message[-1] if message else 'onbekende fout'}") from error

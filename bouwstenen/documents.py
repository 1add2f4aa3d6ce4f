"""Stage 5, build (documents): pandoc and Typst turn a Handbook into DOCX, ODT and PDF.

One pandoc process reads the handbook once and writes DOCX, ODT and Typst
(convert.lua); Typst then compiles the PDF in process. Every engine call has a time
limit. Pandoc reads Markdown without raw HTML, raw TeX or raw attributes and drops
images, so nothing in a YAML file reaches an engine as code or makes it read a file;
Typst compiles in a temporary folder that holds only the document and its logo.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import typst

from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.handbook import Handbook
from bouwstenen.problem import Problem
from bouwstenen.templates import MACROS

CONVERT = Path(__file__).resolve().parent / "convert.lua"
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
    handbook: Handbook, root: Path, out_dir: Path, moment: int, timings: dict[str, float]
) -> tuple[tuple[Download, ...], list[Problem]]:
    """Write the handbook as PDF, DOCX, ODT and Markdown into `out_dir`.

    `moment` (seconds since 1970) is the creation date written into every file, so the
    same input gives the same bytes. Seconds per step are added to `timings`.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / handbook.filename
    stem.with_suffix(".md").write_text(handbook.markdown, encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="bouwstenen-") as folder:
            work = Path(folder)
            _pandoc(handbook, stem, work, moment, timings)
            _pdf(handbook, root, stem, work, moment, timings)
    except EngineError as error:
        where = f"site/{handbook.slug}/downloads/{handbook.filename}"
        hint = "dit ligt niet aan jouw bestanden; meld het bij het partijbureau, met deze melding"
        return (), [Problem(where, 0, str(error), hint, severity="intern")]
    downloads = tuple(
        Download(label, f"{handbook.filename}.{suffix}", stem.with_suffix(f".{suffix}").stat().st_size)
        for suffix, label in FORMATS
    )
    return downloads, []


def _pandoc(handbook: Handbook, stem: Path, work: Path, moment: int, timings: dict[str, float]) -> None:
    outputs = [
        {
            "format": kind,
            "path": str(stem.with_suffix(f".{kind}")),
            "reference_doc": str(_reference(kind, handbook.primair, work)),
        }
        for kind in ("docx", "odt")
    ]
    template = MACROS / "handboek" / "handboek.typ"
    outputs.append({"format": "typst", "path": str(work / "handboek.typ"), "template": str(template)})
    jobs = work / "jobs.json"
    jobs.write_text(json.dumps([{"input": str(stem.with_suffix(".md")), "outputs": outputs}]), "utf-8")
    started = time.perf_counter()
    output = _run([pypandoc.get_pandoc_path(), "lua", str(CONVERT), str(jobs)], moment)
    measured = 0.0
    for line in output.splitlines():
        step = json.loads(line)
        timings[f"pandoc {step['step']}"] = timings.get(f"pandoc {step['step']}", 0.0) + step["seconds"]
        measured += step["seconds"]
    timings["pandoc start"] = timings.get("pandoc start", 0.0) + time.perf_counter() - started - measured


def _pdf(
    handbook: Handbook, root: Path, stem: Path, work: Path, moment: int, timings: dict[str, float]
) -> None:
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
    (work / "jobs.json").unlink()
    for reference in work.glob(".reference.*"):
        reference.unlink()
    started = time.perf_counter()
    try:
        pdf = within(
            TIMEOUT_SECONDS,
            lambda: typst.compile(
                str(work / "handboek.typ"),
                root=str(work),
                sys_inputs=inputs,
                pdf_standards=["ua-1"],
                ignore_system_fonts=True,
                timestamp=moment,
            ),
        )
    except typst.TypstError as error:
        raise EngineError(f"Typst kon de PDF niet maken: {error}") from error
    except DeadlineExceeded as error:
        raise EngineError(f"Typst kon de PDF niet maken binnen {TIMEOUT_SECONDS} seconden") from error
    timings["typst"] = timings.get("typst", 0.0) + time.perf_counter() - started
    stem.with_suffix(".pdf").write_bytes(pdf)


def _reference(kind: str, primary: str, work: Path) -> Path:
    """macros/handboek/reference.<kind> with headings in the party's primary colour."""
    source = MACROS / "handboek" / f"reference.{kind}"
    target = work / f".reference.{kind}"
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


def _run(command: list[str], moment: int) -> str:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(moment)}
    try:
        done = subprocess.run(
            command, capture_output=True, check=True, timeout=TIMEOUT_SECONDS, env=environment
        )
    except subprocess.TimeoutExpired as error:
        raise EngineError(f"pandoc was na {TIMEOUT_SECONDS} seconden nog niet klaar") from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(
            f"pandoc kon het handboek niet omzetten: {message[-1] if message else '?'}"
        ) from error
    return done.stdout.decode("utf-8")

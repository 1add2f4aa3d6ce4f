"""One pandoc per process converts handbook after handbook; a failing one harms no other."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from docx import Document

from bouwstenen import pandoc
from bouwstenen.pandoc import EngineError


def _jobs(folder: Path, name: str, text: str | None, moment: int = 0) -> Path:
    """A jobs file that turns `text` (None: a file that is not there) into name.docx."""
    source = folder / f"{name}.md"
    if text is not None:
        source.write_text(text, "utf-8")
    job = {
        "input": str(source),
        "moment": moment,
        "outputs": [{"format": "docx", "path": str(folder / f"{name}.docx")}],
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps([job]), "utf-8")
    return path


def _text(docx: Path) -> str:
    return " ".join(paragraph.text for paragraph in Document(str(docx)).paragraphs)


def _pid() -> int:
    return pandoc._running[0].process.pid


def test_one_pandoc_converts_many_and_survives_a_failing_handbook(tmp_path: Path) -> None:
    steps = pandoc.convert(_jobs(tmp_path, "een", "# Jeugd\n\nEerste handboek."), 60)
    assert [step["step"] for step in steps] == ["read", "docx"]
    first = _pid()
    with pytest.raises(EngineError, match=r"^pandoc kon het handboek niet omzetten: .*twee\.md"):
        pandoc.convert(_jobs(tmp_path, "twee", None), 60)
    pandoc.convert(_jobs(tmp_path, "drie", "# Zorg\n\nDerde handboek."), 60)
    assert _pid() == first
    assert "Eerste handboek." in _text(tmp_path / "een.docx")
    assert "Derde handboek." in _text(tmp_path / "drie.docx")


def test_a_pandoc_that_died_is_replaced_at_the_next_handbook(tmp_path: Path) -> None:
    pandoc.convert(_jobs(tmp_path, "een", "Eerste."), 60)
    gone = pandoc._running[0].process
    gone.kill()
    gone.wait()
    pandoc.convert(_jobs(tmp_path, "twee", "Tweede."), 60)
    assert _pid() != gone.pid and "Tweede." in _text(tmp_path / "twee.docx")


def test_a_pandoc_that_does_not_answer_in_time_is_stopped(tmp_path: Path) -> None:
    pandoc.convert(_jobs(tmp_path, "een", "Eerste."), 60)
    slow = pandoc._running[0].process
    slow.send_signal(signal.SIGSTOP)  # as if it hung on this handbook
    with pytest.raises(EngineError, match=r"^pandoc was na 1 seconden nog niet klaar$"):
        pandoc.convert(_jobs(tmp_path, "twee", "Tweede."), 1)
    assert slow.poll() is not None and not pandoc._running
    pandoc.convert(_jobs(tmp_path, "drie", "Derde."), 60)
    assert "Derde." in _text(tmp_path / "drie.docx")


def test_each_handbook_carries_its_own_date(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH per job: one pandoc serves builds of different days."""
    pandoc.convert(_jobs(tmp_path, "een", "Tekst.", moment=1_700_000_000), 60)
    pandoc.convert(_jobs(tmp_path, "twee", "Tekst.", moment=1_800_000_000), 60)
    dates = [Document(str(tmp_path / f"{name}.docx")).core_properties.created for name in ("een", "twee")]
    assert [d.year if d else None for d in dates] == [2023, 2027]

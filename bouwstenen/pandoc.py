"""One long-lived pandoc per process, which converts handbook after handbook (convert.lua).

pandoc takes about as long to start as it takes to write one small DOCX. A worker builds
many branches, so it keeps one `pandoc lua convert.lua` running and writes the path of a
jobs file per line on its stdin; pandoc answers with a line of JSON per step and then
`{"klaar": true}`, or `{"klaar": false, "fout": ...}` when that job failed. A failed job
does not end the process; a process that ended anyway (killed, crashed) or did not answer
within the time limit is replaced at the next job. pandoc ends by itself when this
process ends and its stdin closes; a worker that is stopped ends it first
(processes._end).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pypandoc

from bouwstenen.deadline import DeadlineExceeded, within

CONVERT = Path(__file__).resolve().parent / "convert.lua"


class EngineError(Exception):
    """An engine failed or timed out; the message is Dutch."""


@dataclass(frozen=True, slots=True)
class _Pandoc:
    process: subprocess.Popen[str]
    errors: IO[bytes]
    """What pandoc wrote to stderr: a file, since a pipe nobody reads could fill up and stop it."""


_lock = threading.Lock()
_running: list[_Pandoc] = []
"""The pandoc of this process, if it started one (a list, so that no global statement is needed)."""


def convert(jobs: Path, timeout: float) -> list[dict[str, float | str]]:
    """Run the jobs in the file `jobs` (see convert.lua); their steps, with the seconds each took."""
    with _lock:
        process = _process()
        assert process.stdin is not None and process.stdout is not None
        stdout = process.stdout
        try:
            process.stdin.write(f"{jobs}\n")
            process.stdin.flush()
            return within(timeout, lambda: _answer(stdout))
        except DeadlineExceeded as error:
            _stop()
            raise EngineError(f"pandoc was na {timeout:.0f} seconden nog niet klaar") from error
        except (BrokenPipeError, EOFError) as error:
            last = _stop()
            raise EngineError(f"pandoc kon het handboek niet omzetten: {last or 'pandoc stopte'}") from error


def _answer(stdout: IO[str]) -> list[dict[str, float | str]]:
    steps = []
    for line in iter(stdout.readline, ""):
        message = json.loads(line)
        if "klaar" not in message:
            steps.append(message)
        elif message["klaar"]:
            return steps
        else:
            raise EngineError(f"pandoc kon het handboek niet omzetten: {message['fout']}")
    raise EOFError


def _process() -> subprocess.Popen[str]:
    if _running and _running[0].process.poll() is None:
        return _running[0].process
    if _running:
        _stop()
    errors = tempfile.TemporaryFile()  # noqa: SIM115 (open while pandoc runs; closed by _stop)
    process = subprocess.Popen(
        [pypandoc.get_pandoc_path(), "lua", str(CONVERT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        encoding="utf-8",
    )
    _running.append(_Pandoc(process, errors))
    return process


def _stop() -> str:
    """End the pandoc of this process; the last line it wrote to stderr."""
    pandoc = _running.pop()
    pandoc.process.kill()
    pandoc.process.wait()
    pandoc.errors.seek(0)
    lines = pandoc.errors.read().decode("utf-8", "replace").strip().splitlines()
    pandoc.errors.close()
    return lines[-1] if lines else ""

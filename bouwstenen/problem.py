"""The one way every stage reports a mistake in the user's files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")

Severity = Literal["fout", "intern", "let op"]
"""'fout': a mistake in the user's files (exit 2); 'intern': our bug or a broken engine (exit 1);
'let op': a notice that blocks nothing (validate.notices), such as an old id of a point."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A mistake in a user's file: where it is, what is wrong (Dutch) and the fix (Dutch)."""

    file: str
    line: int
    message: str
    hint: str
    severity: Severity = "fout"

    def __str__(self) -> str:
        """One line, also when the message quotes a text with line breaks (shown as ↵)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return _BREAK.sub("↵", f"{where}: {self.message} — {self.hint}")


NOT_YOURS = "dit ligt niet aan jouw bestanden; meld het bij het partijbureau, met deze melding"
"""The hint of every problem an engine or our own code caused, not the user's files."""


def internal(file: str, message: str) -> Problem:
    """A problem of an engine or of our code (severity 'intern'), reported at `file`."""
    return Problem(file, 0, message, NOT_YOURS, severity="intern")


def has_errors(problems: tuple[Problem, ...] | list[Problem]) -> bool:
    """True when at least one problem stops the build (every problem does)."""
    return bool(problems)

"""Links and images in volunteer Markdown: only web, mail and relative links; no images.

Markdown turns `[tekst](javascript:...)` into a live link, and browsers decode HTML
entities in it, so the destination is decoded and stripped before its scheme is read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_INLINE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")


class LinkError(ValueError):
    """A link or image that may not be used; message and hint are Dutch."""

    def __init__(self, message: str, hint: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


def check_links(text: str) -> None:
    """Raise LinkError for the first image or forbidden link in `text`."""
    for line, is_image, destination in _destinations(text):
        if is_image:
            raise LinkError(
                "afbeeldingen in teksten worden niet ondersteund",
                "haal de afbeelding weg; een logo zet je bij 'logo' in het afdelingsbestand",
                line,
            )
        scheme = _scheme(destination)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            raise LinkError(
                f"een link met '{scheme}:' is niet toegestaan",
                "gebruik een gewoon webadres (https://...), een e-mailadres (mailto:...) of een"
                " link naar een pagina van de site",
                line,
            )


def _destinations(text: str) -> Iterator[tuple[int, bool, str]]:
    for match in _INLINE.finditer(text):
        yield _line(text, match.start()), match.group(1) == "!", match.group(2)
    for pattern in (_REFERENCE, _AUTOLINK):
        for match in pattern.finditer(text):
            yield _line(text, match.start()), False, match.group(1)


def _scheme(destination: str) -> str | None:
    decoded = html.unescape(html.unescape(destination)).strip("<>")
    match = _SCHEME.match(_INVISIBLE.sub("", decoded))
    return match.group(1).lower() if match else None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1

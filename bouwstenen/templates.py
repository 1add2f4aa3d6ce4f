"""The one Jinja2 environment for our own templates in macros/.

It is the immutable sandbox with StrictUndefined; every value a template prints passes
`escape`, so text from a YAML file never becomes live HTML, whatever the template does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

MACROS = Path(__file__).resolve().parent.parent / "macros"


def escape(value: Any) -> Any:
    """Neutralise HTML in text from YAML: '<' can no longer open a tag."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.replace("<", "&lt;")
    return value


def render_template(folder: str, name: str, **context: Any) -> str:
    """Render macros/<folder>/<name> with `context`: no runs of blank lines, one final newline."""
    text = _environment(folder).get_template(name).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_page(folder: str, name: str, **context: Any) -> str:
    """Render macros/<folder>/<name>, an HTML page for the office or a branch that is never
    published (the report, the voting-aid answers): autoescaped, like every value in it."""
    return _page_environment(folder).get_template(name).render(**context)


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as CSV the way a Dutch spreadsheet opens it: ';' between fields, UTF-8 with a BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _blockquote(value: str) -> str:
    """Text as a Markdown block quote, every line prefixed with '> '."""
    return "\n".join(f"> {line}".rstrip() for line in str(value).strip().splitlines())


@cache
def _environment(folder: str) -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(MACROS / folder),
        undefined=StrictUndefined,
        finalize=escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["cell"] = _cell
    environment.filters["blockquote"] = _blockquote
    environment.filters["datum"] = lambda day: format_date(day, format="long", locale="nl")
    return environment


@cache
def _page_environment(folder: str) -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(MACROS / folder),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["ja"] = lambda value: "ja" if value else "nee"
    return environment

"""How a build shows its progress: a rich progress bar on a terminal, plain lines in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bouwstenen.cache import PORTAL
from bouwstenen.pipeline import Outcome, Report


def line(outcome: Outcome) -> str:
    """One Dutch line about one finished site."""
    name = "portaal" if outcome.slug == PORTAL else outcome.slug
    if outcome.problems:
        return f"{name}: mislukt"
    if outcome.slug == PORTAL:
        return "portaal: ongewijzigd" if outcome.cached else "portaal: klaar"
    return f"{name}: {outcome.summary}"


@contextmanager
def progress(total: int) -> Iterator[Report]:
    """A report callback for `total` sites; a live bar only on an interactive terminal."""
    if not sys.stdout.isatty() or os.environ.get("CI"):
        yield lambda outcome: print(line(outcome), flush=True)
        return
    console = Console()
    columns = (
        TextColumn("[bold]Bouwen"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)

        def report(outcome: Outcome) -> None:
            bar.console.print(line(outcome))
            bar.update(task, advance=1, description=outcome.slug)

        yield report

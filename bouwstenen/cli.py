"""The command line: the only place that prints and picks the exit status.

Exit status 0: all went well. 2: a mistake in the user's files or command.
1: a bug in Bouwstenen itself.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from collections.abc import Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NoReturn

from bouwstenen import scaffold
from bouwstenen.load import Library, load
from bouwstenen.names import stem
from bouwstenen.pipeline import build_all
from bouwstenen.problem import Problem, has_errors
from bouwstenen.progress import progress
from bouwstenen.validate import validate

OK, BUG, USER_ERROR = 0, 1, 2
THEMAS = "thema's"


class UserError(Exception):
    """A mistake in the command or the files; the message is Dutch and ready to print."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in `argv` and return the exit status."""
    try:
        args = _parser().parse_args(argv)
        return int(args.handler(args))
    except (UserError, scaffold.ScaffoldError) as error:
        _err(f"fout: {error}")
        return USER_ERROR
    except KeyboardInterrupt:
        _err("afgebroken.")
        return USER_ERROR
    except Exception as error:  # the edge that turns our bugs into one message
        _report_bug(error)
        return BUG


def _check(args: argparse.Namespace) -> int:
    library = _validated(args.map)
    _out(
        f"OK: {_count(library.themes, 'thema', THEMAS)}, {_count(library.branches, 'afdeling', 'afdelingen')}"
    )
    return OK


def _build(args: argparse.Namespace) -> int:
    library = _validated(args.map)
    slugs = _shard(_selected(library, args.afdeling), args.shard)
    site_dir = Path(args.map) / "site"
    with progress(len(slugs) + 1) as report:
        result = build_all(library, slugs, site_dir, report, workers=args.werkers, clean=args.schoon)
    if result.problems:
        _print_problems(result.problems)
        _err("fout: de website is niet bijgewerkt; site/ is nog precies zoals hij was")
        return BUG if any(p.severity == "intern" for p in result.problems) else USER_ERROR
    if not result.published:
        _out("Niets veranderd: site/ is al bij.")
        return OK
    built = sum(not outcome.cached for outcome in result.outcomes if outcome.slug in slugs)
    _out(
        f"Klaar: {_count(range(built), 'afdeling', 'afdelingen')} gebouwd,"
        f" {len(slugs) - built} ongewijzigd, in site/. Bekijk de site met: python build.py bekijk"
    )
    return OK


def _serve(args: argparse.Namespace) -> int:
    site_dir = Path(args.map) / "site"
    if not (site_dir / "index.html").is_file():
        raise UserError("er is nog geen site om te bekijken — bouw hem eerst met: python build.py")
    handler = partial(_QuietHandler, directory=str(site_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.poort), handler)
    except OSError as error:
        raise UserError(
            f"poort {args.poort} is bezet ({error.strerror}) — kies een andere met --poort"
        ) from error
    with server:
        _out(f"Bekijk de site op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            _out("Gestopt.")
    return OK


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _shard(slugs: list[str], shard: tuple[int, int] | None) -> list[str]:
    if shard is None:
        return slugs
    index, count = shard
    return sorted(slugs)[index - 1 :: count]


def _shard_value(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"'{text}' is geen deel; schrijf bijvoorbeeld 2/4 (deel 2 van 4)")
    return int(match[1]), int(match[2])


def _new(args: argparse.Namespace) -> int:
    root = Path(args.map)
    library = _validated(args.map)
    path = scaffold.write_branch(root, library, args.slug, args.gemeente)
    problems = validate(load(root))
    if has_errors(problems):
        raise AssertionError(f"scaffold for {args.slug!r} does not validate: {problems}")
    _out(f"Nieuw: {path}")
    _out(scaffold.next_steps(path))
    return OK


def _validated(folder: str) -> Library:
    root = Path(folder)
    if not (root / "themes").is_dir():
        raise UserError(
            f"in '{folder}' staat geen map themes/ — start dit commando in de map van Bouwstenen"
            " of geef die map op met --map"
        )
    library = load(root)
    problems = validate(library)
    _print_problems(problems)
    if has_errors(problems):
        files = len({p.file for p in problems})
        errors = len(problems)
        raise UserError(
            f"{_count(range(errors), 'probleem', 'problemen')} in"
            f" {_count(range(files), 'bestand', 'bestanden')}; los ze op en probeer het opnieuw"
        )
    return library


def _selected(library: Library, wanted: list[str] | None) -> list[str]:
    known = [stem(branch.path) for branch in library.branches]
    if not wanted:
        return known
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise UserError(
            f"onbekende afdeling '{unknown[0]}' — kies uit: {', '.join(known)}"
            " (de bestandsnamen in content/afdelingen/ zonder .yml)"
        )
    return list(dict.fromkeys(wanted))


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        prefix = "" if problem.severity == "fout" else "interne fout: "
        _err(f"{prefix}{problem}")


def _count(items: Sequence[object] | range, one: str, many: str) -> str:
    return f"{len(items)} {one if len(items) == 1 else many}"


def _report_bug(error: Exception) -> None:
    _err(
        f"interne fout in Bouwstenen ({type(error).__name__}: {error}) — dit ligt niet aan jouw"
        " bestanden; meld het bij het partijbureau en stuur deze melding mee"
    )
    if os.environ.get("BOUWSTENEN_DEBUG"):
        traceback.print_exc()


def _out(text: str) -> None:
    print(text)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


class _DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


_ARGPARSE_DUTCH = (
    (r"the following arguments are required: (.*)", r"dit ontbreekt nog: \1 — zie --help"),
    (r"unrecognized arguments: (.*)", r"onbekende optie(s): \1 — zie 'python build.py --help'"),
    (r"argument (\S+): expected one argument", r"na \1 hoort een waarde"),
    (r"argument (\S+): invalid choice: (\S+) .*", r"onbekende opdracht \2 — kies check, new of bekijk"),
    (r"argument (\S+): invalid int value: (\S+)", r"bij \1 hoort een getal, niet \2"),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


class _DutchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> NoReturn:
        for pattern, dutch in _ARGPARSE_DUTCH:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, dutch, message)
                break
        raise UserError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _DutchParser(
        prog="python build.py",
        description="Bouwstenen: maak per afdeling een gemeenteprogramma uit de landelijke themakaarten.",
        epilog="Zonder opdracht bouwt Bouwstenen alle afdelingen (of alleen die van --afdeling).",
    )
    _add_map(parser, default=".")
    parser.add_argument(
        "--afdeling",
        action="extend",
        nargs="+",
        metavar="NAAM",
        help="bouw alleen deze afdeling(en) (de bestandsnaam zonder .yml); meer namen mogen",
    )
    parser.add_argument("--schoon", action="store_true", help="bouw alles opnieuw, ook wat niet veranderd is")
    parser.add_argument(
        "--werkers",
        type=int,
        default=0,
        metavar="N",
        help="bouw met N processen tegelijk (standaard: zoveel als de computer kernen heeft)",
    )
    parser.add_argument(
        "--shard",
        type=_shard_value,
        metavar="I/N",
        help="bouw alleen deel I van N van de afdelingen (voor parallelle bouw in GitHub Actions)",
    )
    parser.set_defaults(handler=_build)
    commands = parser.add_subparsers(title="opdrachten", metavar="OPDRACHT", parser_class=_DutchParser)
    check = commands.add_parser(
        "check", help="controleer alle kaarten en afdelingen en meld alle fouten tegelijk"
    )
    check.set_defaults(handler=_check)
    _add_map(check, default=argparse.SUPPRESS)
    new = commands.add_parser(
        "new",
        help="maak een nieuw afdelingsbestand dat meteen klopt",
        description="Maak content/afdelingen/<naam>.yml aan, met alle thema's, klaar om aan te passen.",
    )
    new.add_argument("slug", metavar="NAAM", help="korte naam van de afdeling, bijvoorbeeld den-haag")
    new.add_argument(
        "--gemeente",
        required=True,
        metavar="GEMEENTE",
        help='naam van de gemeente, bijvoorbeeld "Den Haag"',
    )
    new.set_defaults(handler=_new)
    serve = commands.add_parser(
        "bekijk",
        help="bekijk de gebouwde site in je browser (alleen op deze computer)",
        description="Start een kleine webserver voor site/ op 127.0.0.1, zodat zoeken en links werken.",
    )
    serve.add_argument("--poort", type=int, default=8000, metavar="N", help="de poort (standaard: 8000)")
    _add_map(serve, default=argparse.SUPPRESS)
    serve.set_defaults(handler=_serve)
    _add_map(new, default=argparse.SUPPRESS)
    return parser


def _add_map(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--map",
        default=default,
        metavar="PAD",
        help="de map met themes/ en content/ (standaard: hier)",
    )

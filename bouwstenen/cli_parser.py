"""The command line's grammar: Dutch commands, options before or after them, Dutch errors."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

from bouwstenen import __version__

RUN = "python build.py"
"""How the README, the help and every hint say to run Bouwstenen."""

Handler = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A mistake in the command or the files; the message is Dutch and ready to print."""


def parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The parser of `python build.py`; `handlers` maps each command to its function."""
    main = _DutchParser(
        prog=RUN,
        description="Bouwstenen: maak per afdeling een gemeenteprogramma uit de landelijke themakaarten.",
        epilog=f"Zonder opdracht doet Bouwstenen hetzelfde als '{RUN} bouw'.",
    )
    main.add_argument(
        "--versie", action="version", version=f"Bouwstenen {__version__}", help="toon de versie"
    )
    _map(main, top=True)
    _build_options(main, top=True)
    main.set_defaults(handler=handlers["bouw"])
    commands = main.add_subparsers(title="opdrachten", metavar="OPDRACHT", parser_class=_DutchParser)
    for name, (aliases, summary, description) in _COMMANDS.items():
        command = commands.add_parser(name, aliases=aliases, help=summary, description=description)
        command.set_defaults(handler=handlers[name])
        _map(command, top=False)
        _OPTIONS.get(name, _no_options)(command)
    return main


_COMMANDS: dict[str, tuple[list[str], str, str]] = {
    "bouw": (
        [],
        "bouw de websites en handboeken in site/ (dit doet Bouwstenen ook zonder opdracht)",
        "Bouw elke afdeling die klopt en zet ze in één keer in site/. Een afdeling met een fout"
        " in haar eigen bestanden houdt haar vorige versie op de site; de andere gaan gewoon door.",
    ),
    "controleer": (
        ["check"],
        "controleer alle kaarten en afdelingen en meld alle fouten tegelijk",
        "Controleer alle bestanden en meld elke fout met bestand en regel. Bouwt niets.",
    ),
    "nieuw": (
        ["new"],
        "maak een nieuw afdelingsbestand dat meteen klopt",
        "Maak content/afdelingen/<naam>.yml aan, met alle thema's, klaar om aan te passen."
        " Zonder NAAM maakt Bouwstenen de naam uit de naam van de gemeente.",
    ),
    "bekijk": (
        [],
        "bekijk de gebouwde site in je browser (alleen op deze computer)",
        "Start een kleine webserver voor site/ op 127.0.0.1, zodat zoeken en links werken.\n\n"
        "Met --afdeling NAAM houdt Bouwstenen die afdeling bij terwijl je werkt. Bewaar je\n"
        "haar bestand, een kaart die ze kiest, content/partij.yml, content/bronnen.yml, de\n"
        "gids (content/gids/) of een template (macros/), dan bouwt Bouwstenen haar site\n"
        "opnieuw en ververst de pagina in je browser; de handboeken volgen daarna. Een fout\n"
        "zie je in de terminal en bovenaan de pagina, tot je hem oplost.",
    ),
    "vastleggen": (
        [],
        "leg de landelijke teksten van een afdeling vast: latere wijzigingen veranderen haar programma niet",
        "Schrijf content/afdelingen/<naam>.vastgelegd.yml: elke kaart die de afdeling kiest, zoals die nu"
        " is. Bouwstenen bouwt de afdeling voortaan uit deze teksten. Kaarten die al vastgelegd waren,"
        " blijven zoals ze waren; kaarten die de afdeling sindsdien koos, komen erbij.",
    ),
    "bijwerken": (
        [],
        "neem wat het partijbureau in de kaarten veranderde over in de vastgelegde teksten van een afdeling",
        "Laat zien wat er in de bibliotheek veranderd is sinds de afdeling haar teksten vastlegde, en neem"
        " het over in content/afdelingen/<naam>.vastgelegd.yml: gewijzigde teksten en cijfers, weggehaalde"
        " standpunten. Nieuwe standpunten worden alleen aangeboden; neem er een op met --standpunt ID.",
    ),
    "rapport": (
        [],
        "maak het rapport voor het partijbureau in rapport/: wat elke afdeling met de bibliotheek deed",
        "Schrijf rapport/ naast site/: een HTML-pagina die zonder internet werkt (tabellen om te"
        " sorteren), een pagina per afdeling met haar eigen teksten naast die van de bibliotheek, en"
        " CSV-bestanden voor een spreadsheet: welke kaarten elke afdeling koos, wat ze wegliet,"
        " herschreef en zelf schreef, verouderde cijfers en bijna dubbele standpunten. Het rapport"
        " komt niet op de site.",
    ),
    "stemhulp": (
        [],
        "maak per afdeling de antwoorden voor stemhulpen en de debatkaarten in stemhulp/",
        "Schrijf per afdeling stemhulp/<naam>/ naast site/: antwoorden.csv (puntkomma tussen de"
        " velden, UTF-8) en antwoorden.html om over te nemen in StemWijzer, Kieskompas of MijnStem,"
        " en debatkaarten.pdf met één A4-pagina per thema voor kandidaten. De antwoorden komen uit"
        " 'stemhulp:' in het afdelingsbestand en uit het programma; de stellingen uit"
        " content/stellingen.yml. De map komt niet op de site.",
    ),
    "samenvoegen": (
        [],
        "voeg de delen van 'bouw --shard' samen tot één site, met het portaal",
        "Zet de afdelingen uit de gebouwde delen (mappen van 'bouw --shard') samen in site/ en"
        " bouw het portaal en de gedeelde onderdelen één keer. Voor de GitHub Actions-workflow.",
    ),
}


def command_first(argv: Sequence[str]) -> list[str]:
    """`argv` with the command word in front, so that options may come before or after it
    (`--afdeling zwolle utrecht bouw` would otherwise read 'bouw' as a third name)."""
    names = {name for name, (aliases, _, _) in _COMMANDS.items() for name in (name, *aliases)}
    skip = False
    for index, token in enumerate(argv):
        if skip:
            skip = False
        elif token in _ONE_VALUE:
            skip = True
        elif token in names:
            return [token, *argv[:index], *argv[index + 1 :]]
    return list(argv)


_ONE_VALUE = frozenset({"--map", "--werkers", "--shard", "--gewijzigd", "--poort"})


def _map(parser: argparse.ArgumentParser, top: bool) -> None:
    parser.add_argument(
        "--map",
        default="." if top else argparse.SUPPRESS,
        metavar="PAD",
        help="de map met themes/ en content/ (standaard: hier)",
    )


def _afdeling(parser: argparse.ArgumentParser, top: bool, what: str) -> None:
    parser.add_argument(
        "--afdeling",
        action="extend",
        nargs="+",
        metavar="NAAM",
        default=None if top else argparse.SUPPRESS,
        help=what
        if " " in what
        else f"{what} alleen deze afdeling(en) (de bestandsnaam zonder .yml); meer namen mogen",
    )


def _build_options(parser: argparse.ArgumentParser, top: bool) -> None:
    suppress: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    _afdeling(parser, top, "bouw")
    parser.add_argument(
        "--schoon", action="store_true", help="bouw alles opnieuw, ook wat niet veranderd is", **suppress
    )
    parser.add_argument(
        "--werkers",
        type=_positive,
        metavar="N",
        help="bouw met N processen tegelijk (standaard: zoveel als de computer kernen heeft)",
        **({"default": None} | suppress),
    )
    parser.add_argument(
        "--shard",
        type=_shard_value,
        metavar="I/N",
        help="bouw alleen deel I van N van de afdelingen, zonder portaal (voor GitHub Actions)",
        **({"default": None} | suppress),
    )
    parser.add_argument(
        "--gewijzigd",
        metavar="LIJST",
        help="controleer alles en bouw alleen de afdelingen die de bestanden in LIJST gebruiken"
        " (één pad per regel, - voor standaardinvoer; voor pull requests)",
        **({"default": None} | suppress),
    )
    parser.add_argument(
        "--alles-of-niets",
        action="store_true",
        help="werk site/ alleen bij als elke afdeling klopt en bouwt",
        **suppress,
    )
    _strict(parser, suppress)


def _strict(parser: argparse.ArgumentParser, suppress: dict[str, Any]) -> None:
    parser.add_argument(
        "--streng",
        action="store_true",
        help="tel waarschuwingen (let op) als fouten, zoals te oude cijfers en dubbele standpunten",
        **suppress,
    )


def _check_options(parser: argparse.ArgumentParser) -> None:
    _afdeling(parser, False, "controleer")
    _strict(parser, {})


def _voting_aid_options(parser: argparse.ArgumentParser) -> None:
    _afdeling(parser, False, "maak de stemhulp voor")


def _new_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "slug",
        nargs="?",
        metavar="NAAM",
        help="korte naam van de afdeling, ook het webadres (bijvoorbeeld den-haag); zonder NAAM"
        " maakt Bouwstenen hem uit de naam van de gemeente",
    )
    parser.add_argument(
        "--gemeente",
        required=True,
        metavar="GEMEENTE",
        help='naam van de gemeente, bijvoorbeeld "Den Haag"',
    )


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--poort", type=_port, default=8000, metavar="N", help="de poort (standaard: 8000)")
    _afdeling(
        parser,
        False,
        "bouw de site van deze afdeling(en) opnieuw zodra je een bestand bewaart dat ze gebruikt,"
        " en ververs de pagina in je browser (de bestandsnaam zonder .yml); meer namen mogen",
    )


def _pin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("afdeling", metavar="NAAM", help="de afdeling (de bestandsnaam zonder .yml)")


def _update_options(parser: argparse.ArgumentParser) -> None:
    _pin_options(parser)
    parser.add_argument(
        "--kaart", nargs="+", metavar="ID", help="alleen deze kaart(en) bijwerken (de id, zoals jeugd)"
    )
    parser.add_argument(
        "--standpunt",
        nargs="+",
        default=[],
        metavar="ID",
        help="neem dit nieuwe standpunt van de kaart ook op in het programma (de id uit de melding)",
    )


def _merge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("delen", nargs="+", metavar="DEEL", help="de map van een gebouwd deel")


def _no_options(parser: argparse.ArgumentParser) -> None:
    return


_OPTIONS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "bouw": lambda parser: _build_options(parser, top=False),
    "controleer": _check_options,
    "nieuw": _new_options,
    "bekijk": _serve_options,
    "samenvoegen": _merge_options,
    "vastleggen": _pin_options,
    "bijwerken": _update_options,
    "rapport": _no_options,
    "stemhulp": _voting_aid_options,
}


MAX_WORKERS = 64
"""More worker processes than this only cost memory (each holds pandoc, Typst and MkDocs)."""


def _positive(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal; geef 1 of meer, bijvoorbeeld 4")
    if int(text) > MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is te veel; geef hoogstens {MAX_WORKERS} (meer processen dan kernen maakt het"
            " niet sneller)"
        )
    return int(text)


def _port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text) or int(text) > 65535:
        raise argparse.ArgumentTypeError(
            f"'{text}' is geen poort; geef een getal van 1024 tot en met 65535, bijvoorbeeld 8000"
        )
    return int(text)


def _shard_value(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"'{text}' is geen deel; schrijf bijvoorbeeld 2/4 (deel 2 van 4)")
    return int(match[1]), int(match[2])


class _DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


_ARGPARSE_DUTCH = (
    (r"the following arguments are required: (.*)", r"dit ontbreekt nog: \1 — zie --help"),
    (r"unrecognized arguments: (.*)", rf"onbekende optie(s): \1 — zie '{RUN} --help'"),
    (r"argument (\S+): expected one argument", r"na \1 hoort een waarde"),
    (r"argument (\S+): expected at least one argument", r"na \1 hoort minstens één waarde"),
    (
        r"argument (\S+): invalid choice: (\S+) .*",
        rf"onbekende opdracht \2 — kies {', '.join(list(_COMMANDS)[:-1])} of {list(_COMMANDS)[-1]}",
    ),
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

"""The command line: the only place that prints and picks the exit status.

Exit status 0: all went well. 2: a mistake in the user's files or command.
1: a bug in Bouwstenen itself. 130: stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import MappingProxyType

from bouwstenen import (
    live,
    names,
    pin,
    plain,
    processes,
    report,
    scaffold,
    stemhulp,
    stemhulp_files,
    updates,
    warnings,
)
from bouwstenen.cache import MANIFEST, PORTAL, Manifest, read_manifest, write_manifest
from bouwstenen.check import check
from bouwstenen.cli_parser import RUN, UserError, command_first, parser
from bouwstenen.compose import Listing
from bouwstenen.handbook import build_date
from bouwstenen.isolate import Verdict, branch_slugs, judge, sound_library, unpublished
from bouwstenen.load import BRANCHES_DIR, STATEMENTS_FILE, Library, load, pinned_path
from bouwstenen.lock import Busy
from bouwstenen.pipeline import WORK_DIR, Result, Scope, build_all
from bouwstenen.problem import Problem
from bouwstenen.progress import progress
from bouwstenen.publish import UnsafeFolder, disk_trouble, exclusive
from bouwstenen.select import in_shard, touched_by
from bouwstenen.validate import notices

OK, BUG, USER_ERROR, INTERRUPTED = 0, 1, 2, 130
STOPPED = "afgebroken met Ctrl+C — site/ is heel gebleven; start opnieuw wanneer je wilt"
THEMAS = "thema's"
UNCHANGED = "fout: de website is niet bijgewerkt; site/ is nog precies zoals hij was"
LIVE = (
    "Bouwstenen bouwt de site opnieuw zodra je een bestand van deze afdeling bewaart, en ververst"
    " dan de pagina in je browser."
)
PARTS = ".site-delen-"
"""Prefix of the folder where `samenvoegen` gathers the parts; a fresh one each time."""


def command_line() -> argparse.ArgumentParser:
    """The parser of every command and option, with their handlers."""
    return parser(_HANDLERS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in `argv` and return the exit status."""
    try:
        args = command_line().parse_args(command_first(sys.argv[1:] if argv is None else argv))
        return int(args.handler(args))
    except (UserError, scaffold.ScaffoldError, Busy, UnsafeFolder) as error:
        _err(f"fout: {error}")
        return USER_ERROR
    except KeyboardInterrupt:
        _err(STOPPED)
        return INTERRUPTED
    except OSError as error:
        return _os_error(error)
    except Exception as error:  # the edge that turns our bugs into one message
        _report_bug(error)
        return BUG


def _os_error(error: OSError) -> int:
    """A full or read-only disk is the user's to fix (exit 2); any other system error is our bug."""
    trouble = disk_trouble(error.errno)
    if trouble is None:
        _report_bug(error)
        return BUG
    full = error.errno in (errno.ENOSPC, errno.EDQUOT)  # then where it stopped says nothing
    where = f" ({error.filename})" if error.filename and not full else ""
    _err(f"fout: {trouble[0]}{where} — {trouble[1]}")
    return USER_ERROR


def _check(args: argparse.Namespace) -> int:
    library, problems = _loaded(args.map)
    slugs = _named(library, args.afdeling) if args.afdeling else branch_slugs(library)
    strict = _print_notices(library, slugs, args.streng)
    if args.afdeling:
        problems = judge(library, problems).blocks(_named(library, args.afdeling))
    _print_problems(problems)
    strict += _print_warnings(library, slugs, args.streng, library_wide=not args.afdeling)
    if problems or strict:
        _err(f"fout: {_problem_count(problems + strict)}; {_fix(problems + strict)} en probeer het opnieuw")
        return USER_ERROR
    _out(f"OK: {_count(len(library.themes), 'thema', THEMAS)}, {_branch_count(len(library.branches))}")
    return OK


def _build(args: argparse.Namespace) -> int:
    if args.werkers != 1:
        processes.prepare()
    library, problems = _loaded(args.map)
    verdict = judge(library, problems)
    wanted, everything = _wanted(args, library)
    shown = problems if everything else verdict.blocks(wanted)
    _print_problems(shown)
    strict = _print_notices(library, wanted, args.streng)
    if args.streng:  # before building: with --streng a warning stops the build
        strict += _print_warnings(library, wanted, strict=True)
    checked, wanted = wanted, _published_only(library, wanted)
    if verdict.shared or (args.alles_of_niets and shown) or strict:
        _err(UNCHANGED)
        return USER_ERROR
    scope = Scope(
        tuple(wanted), frozenset(verdict.blocked), keep_others=not args.shard, portal=not args.shard
    )
    site_dir = Path(args.map) / "site"
    with (
        exclusive(site_dir, Path(args.map) / WORK_DIR, _notice),
        progress(len(wanted) + scope.portal) as report,
    ):
        result = build_all(
            sound_library(library, problems),
            scope,
            site_dir,
            report,
            workers=args.werkers or 0,
            clean=args.schoon,
            all_or_nothing=args.alles_of_niets,
        )
    _print_problems(result.problems)
    _print_warnings(library, checked)
    return _build_summary(result, wanted, verdict, shown, len(problems) - len(shown))


def _published_only(library: Library, wanted: list[str]) -> list[str]:
    """`wanted` without the branches that say `publiceren: nee`, saying which those are."""
    hidden = unpublished(library)
    for slug in (s for s in wanted if s in hidden):
        _err(
            f"let op: {slug} komt niet op de site, want {BRANCHES_DIR}/{slug}.yml zegt 'publiceren: nee'"
            " — zet 'publiceren: ja' als het programma klaar is"
        )
    return [slug for slug in wanted if slug not in hidden]


def _build_summary(
    result: Result, wanted: Sequence[str], verdict: Verdict, shown: list[Problem], others: int
) -> int:
    built = sum(not o.cached and not o.problems for o in result.outcomes if o.slug != PORTAL)
    failed = sorted({*(s for s in wanted if s in verdict.blocked), *_failed(result)})
    stopped = not result.published and bool(result.problems)
    if result.published:
        unchanged = len(wanted) - built - len(failed)
        _out(f"Klaar: {_branch_count(built)} gebouwd, {unchanged} ongewijzigd, in site/.")
        _out(f"Bekijk de site met: {RUN} bekijk")
    elif not stopped:
        _out("Niets veranderd: site/ is al bij.")
    if stopped:
        _err(UNCHANGED)
    elif failed:
        _print_blocked(failed, result.on_site)
    elif shown:
        _err(
            f"fout: {_problem_count(shown)}; geen afdeling gebruikt dat, dus alle afdelingen zijn bijgewerkt"
        )
    if others:
        _err(
            f"let op: nog {_count(others, 'probleem', 'problemen')} in andere bestanden;"
            f" zie: {RUN} controleer"
        )
    if any(p.severity == "intern" for p in result.problems):
        return BUG
    return USER_ERROR if stopped or failed or shown else OK


def _failed(result: Result) -> list[str]:
    return [o.slug for o in result.outcomes if o.problems and o.slug != PORTAL]


def _print_blocked(failed: Sequence[str], on_site: frozenset[str], reason: str = "hierboven") -> None:
    _err(
        f"fout: {_branch_count(len(failed))} niet bijgewerkt door de problemen {reason};"
        " de rest staat in site/:"
    )
    for slug in failed:
        state = "de vorige versie blijft op de site" if slug in on_site else "staat niet op de site"
        _err(f"  {slug}: {state}")


def _wanted(args: argparse.Namespace, library: Library) -> tuple[list[str], bool]:
    """The branches to build, and whether the command is about everything (all problems count)."""
    slugs = list(branch_slugs(library))
    if args.gewijzigd is not None:
        return touched_by(library, _read_list(args.gewijzigd)), True
    if args.afdeling:
        return _named(library, args.afdeling), False
    if args.shard:
        return in_shard(slugs, *args.shard), False
    return slugs, True


def _read_list(path: str) -> list[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except OSError as error:
        raise UserError(
            f"de lijst '{path}' is niet te lezen ({error.strerror}) — geef een bestand met één pad per regel"
        ) from error
    return text.splitlines()


def _merge(args: argparse.Namespace) -> int:
    library, problems = _loaded(args.map)
    verdict = judge(library, problems)
    _print_problems(verdict.shared)
    if verdict.shared:
        _err(UNCHANGED)
        return USER_ERROR
    root = Path(args.map)
    with exclusive(root / "site", root / WORK_DIR, _notice):
        for leftover in root.glob(".site-delen*"):
            shutil.rmtree(leftover, ignore_errors=True)
        parts = Path(tempfile.mkdtemp(prefix=PARTS, dir=root))
        try:
            gathered = _gather(args.delen, parts, branch_slugs(library))
            with progress(1) as report:
                scope = Scope((), portal=True)
                result = build_all(
                    sound_library(library, problems), scope, root / "site", report, previous_dir=parts
                )
        finally:
            shutil.rmtree(parts, ignore_errors=True)
    _print_problems(result.problems)
    if not result.published:
        _err(UNCHANGED)
        return BUG if any(p.severity == "intern" for p in result.problems) else USER_ERROR
    _out(f"Klaar: {_branch_count(len(result.on_site))} en het portaal samengevoegd in site/.")
    if gathered.blocked:
        _print_blocked(gathered.blocked, result.on_site, "die hun deel meldde")
        return USER_ERROR
    return OK


def _gather(folders: Sequence[str], target: Path, branches: Sequence[str]) -> Manifest:
    """Put the branch folders of every part into the empty folder `target`, with one manifest."""
    found: dict[str, tuple[str, Listing]] = {}
    blocked: list[str] = []
    for folder in map(Path, folders):
        if not (folder / MANIFEST).is_file():
            raise UserError(f"'{folder}' is geen gebouwd deel — geef de mappen die 'bouw --shard' maakte")
        manifest = read_manifest(folder)
        for slug in manifest.branches:
            if slug in found:
                raise UserError(f"de afdeling '{slug}' staat in twee delen — bouw de delen opnieuw")
            shutil.copytree(folder / slug, target / slug, copy_function=os.link)
            found[slug] = manifest.branches[slug]
        blocked += manifest.blocked
    missing = sorted(set(branches) - set(found) - set(blocked))
    if missing:
        raise UserError(
            f"geen enkel deel heeft de afdeling '{missing[0]}' — geef de mappen van alle delen"
            " (bouw --shard 1/N tot en met N/N)"
        )
    gathered = Manifest(MappingProxyType(found), None, tuple(sorted(set(blocked))))
    write_manifest(target, gathered)
    return gathered


def _serve(args: argparse.Namespace) -> int:
    site_dir = Path(args.map) / "site"
    if site_dir.is_symlink():
        raise UnsafeFolder(
            "site is een snelkoppeling (symlink) — Bouwstenen laat alleen een gewone map zien;"
            f" haal de snelkoppeling weg en bouw de site opnieuw met: {RUN}"
        )
    if not args.afdeling:
        if not (site_dir / "index.html").is_file():
            raise UserError(f"er is nog geen site om te bekijken — bouw hem eerst met: {RUN}")
        return _serve_site(args, site_dir, None)
    library, _ = _loaded(args.map)
    slugs = tuple(_named(library, args.afdeling))
    hidden = sorted(unpublished(library).intersection(slugs))
    if hidden:
        raise UserError(
            f"{hidden[0]} staat op 'publiceren: nee' en komt dus niet in site/ — bekijk het programma op"
            " de pagina Samenstellen, of zet 'publiceren: ja' in het bestand"
        )
    return _serve_site(args, site_dir, live.Live(Path(args.map), slugs, _say, _err))


def _serve_site(args: argparse.Namespace, site_dir: Path, watched: live.Live | None) -> int:
    board = live.Board() if watched else None
    handler = partial(live.SiteHandler, directory=str(site_dir), board=board)
    try:
        server = live.Server(("127.0.0.1", args.poort), handler)
    except OSError as error:
        raise UserError(
            f"poort {args.poort} is bezet ({error.strerror}) — kies een andere met --poort"
        ) from error
    watcher = live.Watcher(watched, board) if watched and board else None
    with server:
        _out(f"Bekijk de site op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)")
        if watcher is not None:
            _out(LIVE)
            watcher.start()
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            _out("Gestopt.")
        finally:
            if watcher is not None:
                watcher.stop()
    return OK


def _new(args: argparse.Namespace) -> int:
    root = Path(args.map)
    library, problems = _loaded(args.map)
    slug = args.slug or names.slugify(args.gemeente)
    path = scaffold.write_branch(root, sound_library(library, problems), slug, args.gemeente)
    mine = [p for p in check(load(root)) if p.file == path]
    if mine:
        raise AssertionError(f"scaffold for {slug!r} does not validate: {mine}")
    _out(f"Nieuw: {path}")
    _out(scaffold.next_steps(path))
    return OK


def _loaded(folder: str) -> tuple[Library, list[Problem]]:
    root = Path(folder)
    if not (root / "themes").is_dir():
        raise UserError(
            f"in '{folder}' staat geen map themes/ — start dit commando in de map van Bouwstenen"
            " of geef die map op met --map"
        )
    library = load(root)
    return library, check(library)


def _pin(args: argparse.Namespace) -> int:
    library, _ = _loaded(args.map)
    slug = _named(library, [args.afdeling])[0]
    pinned = pin.pin(library, slug)
    if isinstance(pinned, list):
        _print_problems(pinned)
        _err(f"fout: {_problem_count(pinned)}; {_fix(pinned)} en leg daarna vast")
        return USER_ERROR
    _out(f"Vastgelegd: {pinned.path}")
    if pinned.added:
        _out(f"  nieuw vastgelegd: {', '.join(pinned.added)}")
    _out(
        f"  {slug} wordt voortaan uit deze teksten gebouwd. Zet dit bestand samen met"
        f" {BRANCHES_DIR}/{slug}.yml in git."
    )
    return OK


def _update(args: argparse.Namespace) -> int:
    library, _ = _loaded(args.map)
    slug = _named(library, [args.afdeling])[0]
    cards = frozenset(args.kaart) if args.kaart else None
    updated = pin.update(library, slug, cards, frozenset(args.standpunt))
    if isinstance(updated, list):
        _print_problems(updated)
        _err(f"fout: {_problem_count(updated)}; {_fix(updated)} en werk daarna bij")
        return USER_ERROR
    if not updated.taken and not updated.offered:
        _out(f"Niets bij te werken: de vastgelegde teksten van {slug} zijn gelijk aan de bibliotheek.")
        return OK
    _out(f"Bijgewerkt: {updated.path}")
    for change in updated.taken:
        _out(f"  overgenomen: {change.message}")
    for card_id, point_id in updated.offered:
        _out(
            f"  aangeboden: nieuw standpunt '{point_id}' op kaart '{card_id}' — neem het op met:"
            f" {RUN} bijwerken {slug} --kaart {card_id} --standpunt {point_id}"
        )
    return OK


def _report(args: argparse.Namespace) -> int:
    library, problems = _loaded(args.map)
    verdict = judge(library, problems)
    if verdict.shared:
        _print_problems(verdict.shared)
        _err(
            f"fout: {_problem_count(verdict.shared)}; {_fix(verdict.shared)},"
            " dan maakt Bouwstenen het rapport"
        )
        return USER_ERROR
    everyone = branch_slugs(library)
    slugs = [slug for slug in everyone if slug not in verdict.blocked]
    left_out = [slug for slug in everyone if slug in verdict.blocked]
    found = report.collect(sound_library(library, problems), slugs, left_out, build_date())
    folder = report.write(found, Path(args.map))
    _out(
        f"Rapport: {folder / 'index.html'} ({_branch_count(len(slugs))},"
        f" {_count(len(found.cards), 'kaart', 'kaarten')}), met de CSV-bestanden ernaast;"
        " open het in je browser"
    )
    if left_out:
        _err(
            f"let op: niet in het rapport: {', '.join(left_out)}, want hun bestanden hebben fouten"
            f" — zie: {RUN} controleer"
        )
    return OK


def _voting_aid(args: argparse.Namespace) -> int:
    library, problems = _loaded(args.map)
    verdict = judge(library, problems)
    slugs = _named(library, args.afdeling) if args.afdeling else list(branch_slugs(library))
    mistakes = [p for p in problems if p.file == STATEMENTS_FILE] or stemhulp.statement_file_problems(library)
    mistakes = sorted({*verdict.shared, *mistakes, *(verdict.blocks(slugs) if args.afdeling else [])})
    if mistakes:
        _print_problems(mistakes)
        _err(f"fout: {_problem_count(mistakes)}; {_fix(mistakes)}, dan maakt Bouwstenen de stemhulp")
        return USER_ERROR
    made = [slug for slug in slugs if slug not in verdict.blocked]
    _print_warnings(library, made)
    sound = sound_library(library, problems)
    for slug in made:
        written = stemhulp_files.write(sound, slug, Path(args.map), build_date())
        if written.problems:
            _print_problems(written.problems)
            return BUG
        _out(
            f"Stemhulp: {stemhulp_files.FOLDER}/{slug}/ ({_count(written.answers, 'antwoord', 'antwoorden')},"
            f" debatkaarten voor {_count(written.themes, 'thema', THEMAS)})"
        )
    _out(f"Open antwoorden.html in je browser. De map {stemhulp_files.FOLDER}/ komt niet op de site.")
    left_out = [slug for slug in slugs if slug in verdict.blocked]
    if left_out:
        _err(
            f"let op: geen stemhulp voor: {', '.join(left_out)}, want hun bestanden hebben fouten"
            f" — zie: {RUN} controleer"
        )
    return OK


def _named(library: Library, wanted: list[str]) -> list[str]:
    known = list(branch_slugs(library))
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise UserError(
            f"onbekende afdeling '{unknown[0]}' — kies uit: {', '.join(known)}"
            f" (de bestandsnamen in {BRANCHES_DIR}/ zonder .yml)"
        )
    return list(dict.fromkeys(wanted))


def _print_problems(problems: Sequence[Problem]) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    prefixes = {"fout": "", "intern": "interne fout: ", "let op": "let op: "}
    for problem in problems:
        _err(_annotation(problem) if annotate else f"{prefixes[problem.severity]}{problem}")


def _print_notices(library: Library, slugs: Sequence[str], strict: bool = False) -> list[Problem]:
    """What the branches `slugs` should know, though it blocks nothing: an old id of a point,
    what the library changed since they pinned their texts. With `strict` (--streng) they
    are printed as errors, and returned to count as such."""
    files = {path for slug in slugs for path in (f"{BRANCHES_DIR}/{slug}.yml", pinned_path(slug))}
    found = [notice for notice in notices(library) + updates.changes(library) if notice.file in files]
    found = [replace(notice, severity="fout") for notice in found] if strict else found
    _print_problems(found)
    return found if strict else []


def _print_warnings(
    library: Library, slugs: Sequence[str], strict: bool = False, library_wide: bool = False
) -> list[Problem]:
    """Per branch in `slugs`, under one line with its name: its figures that are too old, the
    points it takes twice, its texts that are not plain Dutch (warnings.py). When several
    branches are checked, what is said about a library card is said once, under its own
    heading, not again for every branch that takes the card; `library_wide` adds there the
    plain-Dutch warnings on the cards no branch takes. With `strict` (--streng) they are
    printed as errors, and returned to count as such."""
    year = build_date().year
    per_branch = {slug: warnings.for_branch(library, slug, year) for slug in slugs}
    shared = _about_cards(per_branch) if len(per_branch) > 1 else []
    if library_wide:
        said = {caution for cautions in per_branch.values() for caution in cautions}
        shared += [caution for caution in plain.library_warnings(library) if caution not in said]
    groups = [("landelijke kaarten", shared)] + [
        (f"afdeling {slug}", [caution for caution in cautions if caution not in shared])
        for slug, cautions in per_branch.items()
    ]
    kind = "fout" if strict else "let op"
    found: list[Problem] = []
    for name, cautions in groups:
        if cautions:
            cautions = [replace(caution, severity="fout") for caution in cautions] if strict else cautions
            _err(f"{kind}: {name}: {_count(len(cautions), 'waarschuwing', 'waarschuwingen')}:")
            _print_problems(cautions)
            found += cautions
    return found if strict else []


def _about_cards(per_branch: dict[str, list[Problem]]) -> list[Problem]:
    """The warnings about library cards (not about a branch's own files), each once."""
    own = {f"{BRANCHES_DIR}/{slug}.yml" for slug in per_branch} | {pinned_path(s) for s in per_branch}
    cards = (caution for cautions in per_branch.values() for caution in cautions if caution.file not in own)
    return list(dict.fromkeys(cards))


def _annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, so it shows on its line in a pull request."""
    where = f"file={_escape(problem.file, True)}"
    if problem.line:
        where += f",line={problem.line}"
    kind = "warning" if problem.severity == "let op" else "error"
    return f"::{kind} {where}::{_escape(str(problem), False)}"


def _escape(text: str, property_: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def _problem_count(problems: Sequence[Problem]) -> str:
    files = len({p.file for p in problems})
    return f"{_count(len(problems), 'probleem', 'problemen')} in {_count(files, 'bestand', 'bestanden')}"


def _fix(problems: Sequence[Problem]) -> str:
    return "los het op" if len(problems) == 1 else "los ze op"


def _branch_count(number: int) -> str:
    return _count(number, "afdeling", "afdelingen")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _report_bug(error: Exception) -> None:
    _err(
        f"interne fout in Bouwstenen ({type(error).__name__}: {error}) — dit ligt niet aan jouw"
        " bestanden; meld het bij het partijbureau en stuur deze melding mee"
    )
    if os.environ.get("BOUWSTENEN_DEBUG"):
        traceback.print_exc()


def _notice(text: str) -> None:
    _err(f"let op: {text}")


def _out(text: str) -> None:
    print(text)


def _say(text: str) -> None:
    """A line from the thread that keeps `bekijk` live: shown at once, also through a pipe."""
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


_HANDLERS = {
    "bouw": _build,
    "controleer": _check,
    "nieuw": _new,
    "bekijk": _serve,
    "samenvoegen": _merge,
    "vastleggen": _pin,
    "bijwerken": _update,
    "rapport": _report,
    "stemhulp": _voting_aid,
}

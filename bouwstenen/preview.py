"""What a shared link and a browser tab show of a site: the preview image of each page
(1200 × 630 pixels) and the site's icon, drawn from the party's colour and the logo.

When someone shares a page in WhatsApp, Facebook, LinkedIn or Mastodon, the app shows the
page's title, description and image (the Open Graph tags of macros/overrides/main.html). A
branch site has one image for its home and every page about the whole program, and one per
theme page; the portal has one for itself and one per card of the library. Each shows what
it is, the theme or the branch in large type, whose it is, the logo and the site's address,
white on the party's main colour (darkened until white text on it has 4.5 : 1 contrast,
colours.py). The icon is the logo (the party's initials without one): a small one for the
browser tab and one on white for a phone's home screen.

Typst draws them from macros/delen/ the way kernpunten.py draws its square images (the same
compiler, fonts and colour reduction), in a folder that holds only the template, the logo
and the texts as JSON. Every picture is kept in a cache folder under a key of all that shapes
it (its texts, the colours, the logo, the template, the fonts and this code), so a site that
is built again draws only the pictures whose own inputs changed.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import PIL
import typst
from PIL import Image

from bouwstenen import kernpunten
from bouwstenen.characters import FONTS
from bouwstenen.colours import is_colour, shortfall
from bouwstenen.compose import LIBRARY_SLUG, Chapter, Edition
from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.documents import TIMEOUT_SECONDS
from bouwstenen.problem import Problem, internal
from bouwstenen.sanitize import to_html
from bouwstenen.templates import MACROS

FOLDER = "assets/delen"
"""Where the preview images lie in a site."""
WIDTH, HEIGHT = 1200, 630
"""The size every app shows in full (Facebook's and LinkedIn's advice; 1.91 : 1)."""
ICON = "assets/favicon.png"
ICON_SIZE = 32
TOUCH_ICON = "assets/apple-touch-icon.png"
TOUCH_ICON_SIZE = 180
TEXT_CONTRAST = 4.5
"""White text on the image's background needs this contrast (WCAG 1.4.3), as on the site."""
KEPT = "delen"
"""The folder, in a branch's work folder (.build/<slug>/), of the pictures drawn before."""
PORTAL_KEPT = "_portaal-delen"
"""The same for the portal, in .build/ (the portal's own work folder is emptied each build)."""
TEMPLATES = MACROS / "delen"
IMAGE, ICON_TEMPLATE, DATA = "beeld.typ", "icoon.typ", "delen.json"
_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER_WORDS = (("[gemeente]", "je gemeente"), ("[afdeling]", "je afdeling"))
"""How the library's placeholders read as words, not brackets."""
_PPI = 144
"""The template's page is 600 × 315 points: at 144 pixels per inch that is 1200 × 630."""


@dataclass(frozen=True, slots=True)
class Picture:
    """One preview image: its path in the site, its three texts and its alt text."""

    path: str
    boven: str
    """What it is, in small capitals at the top ('Gemeenteprogramma Zwolle')."""
    kop: str
    """The theme or the branch, in large type."""
    onder: str
    """Whose it is, under the large type."""
    alt: str


def site_picture(edition: Edition) -> Picture:
    """The image of the home page, which every page without one of its own shares."""
    if edition.slug == LIBRARY_SLUG:
        party = words(edition.partij.naam)
        return Picture(
            f"{FOLDER}/portaal.png",
            "Gemeenteprogramma's",
            party,
            "Alle afdelingen en de landelijke bouwstenen",
            f"Gemeenteprogramma's van {party}: alle afdelingen en de landelijke bouwstenen voor het"
            f" sociaal domein.{_logo_words(edition)}",
        )
    branch, town = words(edition.afdeling), words(edition.gemeente)
    return Picture(
        f"{FOLDER}/programma.png",
        f"Gemeenteprogramma {town}",
        branch,
        "Sociaal domein",
        f"Gemeenteprogramma van {branch} voor {town}, over het sociaal domein.{_logo_words(edition)}",
    )


def theme_picture(edition: Edition, chapter: Chapter) -> Picture:
    """The image of the page of `chapter`."""
    title = words(chapter.titel)
    path = f"{FOLDER}/thema-{chapter.id}.png"
    if edition.slug == LIBRARY_SLUG:
        party = words(edition.partij.naam)
        alt = f"{title}: landelijke themakaart van {party}.{_logo_words(edition)}"
        return Picture(path, "Landelijke themakaart", title, party, alt)
    branch, town = words(edition.afdeling), words(edition.gemeente)
    alt = f"{title}: uit het gemeenteprogramma van {branch} voor {town}.{_logo_words(edition)}"
    return Picture(path, f"Gemeenteprogramma {town}", title, branch, alt)


def pictures(edition: Edition) -> tuple[Picture, ...]:
    """Every preview image of the site of `edition`: the site's own, then one per theme."""
    return (site_picture(edition), *(theme_picture(edition, h) for h in edition.hoofdstukken))


@dataclass(frozen=True, slots=True)
class Drawing:
    """Everything the pictures of one site show: render makes it, the build draws it."""

    pictures: tuple[Picture, ...]
    background: str
    """The party's main colour, darkened if white text on it would be hard to read."""
    accent: str
    initials: str
    """What the icon shows without a logo."""
    logo: str | None
    """The logo's path below the library's root."""
    where: str
    """The site's folder in site/, for a problem ('site' or 'site/zwolle')."""


def drawing(edition: Edition) -> Drawing:
    """What the pictures of the site of `edition` show."""
    return Drawing(
        pictures=pictures(edition),
        background=background(edition.partij.primair),
        accent=edition.partij.accent if is_colour(edition.partij.accent) else "#ffffff",
        initials=_initials(edition),
        logo=edition.logo,
        where="site" if edition.slug == LIBRARY_SLUG else f"site/{edition.slug}",
    )


def background(primary: str) -> str:
    """The party's main colour, or the same hue darkened until white text on it can be read;
    a value that is no #rrggbb (the schema refuses it) never reaches a picture: then black."""
    if not is_colour(primary):
        return "#000000"
    found = shortfall(primary, TEXT_CONTRAST)
    return primary if found is None else found.proposal


def draw(what: Drawing | None, root: Path, site: Path, url: str, kept: Path) -> list[Problem]:
    """Put the preview images and the icons `what` describes into the built `site`; `url` is
    the site's address, `kept` the folder of pictures drawn before (made if missing).

    A picture whose key is in `kept` is copied from there; the others are drawn and kept;
    what no longer belongs to this site is removed from `kept`.
    """
    if what is None:
        return []
    logo = root / what.logo if what.logo else None
    common = {
        "achtergrond": what.background,
        "accent": what.accent,
        "adres": kernpunten.short_address(url),
        "letters": what.initials,
    }
    logo_bytes = logo.read_bytes() if logo else b""
    keys = {p.path: _key(IMAGE, {**common, **_texts(p)}, logo_bytes) for p in what.pictures}
    keys |= {path: _key(ICON_TEMPLATE, {**common, **_icon(path)}, logo_bytes) for path in (ICON, TOUCH_ICON)}
    kept.mkdir(parents=True, exist_ok=True)
    todo = [p for p in what.pictures if not (kept / f"{keys[p.path]}.png").is_file()]
    icons = [path for path in (ICON, TOUCH_ICON) if not (kept / f"{keys[path]}.png").is_file()]
    if todo or icons:
        try:
            made = within(TIMEOUT_SECONDS, lambda: _drawn(common, todo, icons, logo))
        except (typst.TypstError, DeadlineExceeded) as error:
            return [_engine_problem(what.where, error)]
        for path, png in made.items():
            fresh = kept / f".{keys[path]}.png"
            fresh.write_bytes(png)
            fresh.replace(kept / f"{keys[path]}.png")  # a stopped build never leaves half a picture
    for path, key in keys.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept / f"{key}.png", site / path)
    for old in kept.glob("*.png"):
        if old.stem not in keys.values():
            old.unlink()
    return []


def _drawn(
    common: dict[str, str], todo: Sequence[Picture], icons: Sequence[str], logo: Path | None
) -> dict[str, bytes]:
    """The pictures `todo` and the icons `icons`, by their path in the site, drawn in a folder
    that holds only the templates, the logo and the texts."""
    made: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="bouwstenen-delen-") as name:
        folder = Path(name)
        data: dict[str, Any] = {**common, "beelden": [_texts(p) for p in todo]}
        if logo is not None:
            data["logo"] = f"logo{logo.suffix.lower()}"
            shutil.copyfile(logo, folder / data["logo"])
        (folder / DATA).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        for template in (IMAGE, ICON_TEMPLATE):
            shutil.copyfile(TEMPLATES / template, folder / template)
        if todo:
            compiler = kernpunten.typst_compiler(folder, IMAGE)
            for index, picture in enumerate(todo):
                png = _one_page(compiler, _PPI, {"beeld": str(index)})
                made[picture.path] = kernpunten.fewer_colours(png)
        if icons:
            compiler = kernpunten.typst_compiler(folder, ICON_TEMPLATE)
            for path in icons:
                made[path] = _optimised(_one_page(compiler, 72.0, _icon(path)))
    return made


def _one_page(compiler: typst.Compiler, ppi: float, inputs: dict[str, str]) -> bytes:
    made = compiler.compile(format="png", ppi=ppi, sys_inputs=inputs)
    pages = made if isinstance(made, list) else [made]
    assert len(pages) == 1 and isinstance(pages[0], bytes), f"one page, not {len(pages)}: {inputs}"
    return pages[0]


def _icon(path: str) -> dict[str, str]:
    """What the icon template needs to know: the size in pixels and the white edge (none for
    the browser tab, where the logo stands free; a tenth on a phone's home screen)."""
    return (
        {"maat": str(ICON_SIZE), "rand": "0"}
        if path == ICON
        else {"maat": str(TOUCH_ICON_SIZE), "rand": "0.1"}
    )


def _optimised(png: bytes) -> bytes:
    """`png` written as small as Pillow can, the same way each time (the icons are small, so
    this costs little). An icon keeps its colours and its transparency."""
    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _key(template: str, data: dict[str, str], logo: bytes) -> str:
    """One digest of everything that shapes a picture."""
    digest = hashlib.sha256(_drawing_tools().encode())
    digest.update((TEMPLATES / template).read_bytes())
    digest.update(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    digest.update(logo)
    return digest.hexdigest()


@cache
def _drawing_tools() -> str:
    """The code, fonts and versions every picture is drawn with."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(kernpunten.__file__).read_bytes())
    for font in sorted(FONTS.glob("*")):
        digest.update(f"{font.name} {font.stat().st_size}".encode())
    digest.update(f"typst {getattr(typst, '__version__', '')} pillow {PIL.__version__}".encode())
    return digest.hexdigest()


def _texts(picture: Picture) -> dict[str, str]:
    return {key: value for key, value in asdict(picture).items() if key in ("boven", "kop", "onder")}


def words(text: str) -> str:
    """The words of a Markdown text on one line, the library's placeholders as words. A tag
    becomes nothing, so 'een **goede** start,' keeps its comma where it was; blocks stand on
    lines of their own in the parser's HTML, so their words stay apart."""
    found = " ".join(html.unescape(_TAG.sub("", to_html(text))).split())
    for placeholder, meant in _PLACEHOLDER_WORDS:
        found = found.replace(placeholder, meant)
    return found


def _initials(edition: Edition) -> str:
    """The party's abbreviation, or the first letters of its name: the icon without a logo."""
    if edition.partij.afkorting:
        return words(edition.partij.afkorting)[:3]
    return "".join(word[0] for word in words(edition.partij.naam).split()[:2]).upper()


def _logo_words(edition: Edition) -> str:
    if not edition.logo:
        return ""
    whose = edition.partij.naam if edition.logo == edition.partij.logo else edition.afdeling
    return f" Met het logo van {words(whose)}."


def _engine_problem(where: str, error: Exception) -> Problem:
    return internal(f"{where}/{FOLDER}", f"Typst kon de afbeeldingen voor gedeelde links niet maken: {error}")

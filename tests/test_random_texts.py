"""What `controleer` accepts, the build builds: random text in every text field (issue 20, item 4).

Each example puts random text from a wide alphabet (Markdown and YAML specials, link and
variable fragments, emoji, any Unicode character) into one to three text fields of a copy
of tests/fixtures/mini. `controleer` either refuses with clean Dutch lines (file, line,
message, fix; exit 2) or accepts, and then a real build must succeed with every format and
no live link or outside image on a page. BOUWSTENEN_VOORBEELDEN sets the number of examples
(default 20, so CI stays bounded).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, run_cli, without_warnings
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from bouwstenen.sanitize import ALLOWED_SCHEMES

BRANCH = "content/afdelingen/dorp.yml"
CARD = "themes/armoede.yml"
GUIDE = "content/gids/waarom-nu.md"
FIELDS: tuple[tuple[str, tuple[str | int, ...]], ...] = (
    ("content/partij.yml", ("naam",)),
    ("content/partij.yml", ("afkorting",)),
    (BRANCH, ("afdeling",)),
    (BRANCH, ("gemeente", "naam")),
    (BRANCH, ("voorwoord",)),
    (BRANCH, ("themas", 0, "titel")),
    (BRANCH, ("themas", 0, "inleiding")),
    (BRANCH, ("themas", 0, "eigen_standpunten", 0, "tekst")),
    (BRANCH, ("themas", 0, "eigen_standpunten", 0, "toelichting")),
    (BRANCH, ("themas", 0, "lokale_feiten", 0, "tekst")),
    (BRANCH, ("themas", 0, "lokale_feiten", 0, "bron")),
    (BRANCH, ("themas", 0, "lokale_feiten", 0, "url")),
    (CARD, ("titel",)),
    (CARD, ("samenvatting",)),
    (CARD, ("inleiding",)),
    (CARD, ("standpunten", 1, "tekst")),
    (CARD, ("standpunten", 1, "toelichting")),
    (CARD, ("standpunten", 1, "meetbaar")),
    (CARD, ("feiten", 0, "tekst")),
    ("content/bronnen.yml", ("bronnen", 0, "verwijzing")),
    (GUIDE, ()),
)
FRAGMENTS = (
    "javascript:alert(1)", "data:text/html,x", "{{ gemeente.naam }}", "{{ ", " }}", "{%", "](", "![",
    "<script>", "<img src=x>", "http://x.nl", "[a]: http://x.nl", "@bron", "$x$", "'s-Hertogenbosch",
    "\n- ", "\n# ", "\n> ", "\n    ", "!!! note\n    ", "&amp;", "\u2028", "👍🏽", "中文",
)  # fmt: skip
WORDS = st.characters(categories=("L", "N", "P", "S", "Zs"), max_codepoint=0x2FFF)
CHARACTER = st.one_of(
    WORDS,
    WORDS,
    st.sampled_from("*_[]()<>!#&{}|`$@%:\"'\\~^=-+./ \n\t"),
    st.sampled_from(FRAGMENTS),
    st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)),
    st.characters(codec="utf-8"),
)
TEXT = st.lists(CHARACTER, min_size=2, max_size=24).map("".join)
CHANGES = st.dictionaries(st.sampled_from(range(len(FIELDS))), TEXT, min_size=1, max_size=3)
EXAMPLES = int(os.environ.get("BOUWSTENEN_VOORBEELDEN", "20"))
PROBLEM = re.compile(r"(content|themes)/[^:]+(:\d+)?: .+ — .+")
SUMMARY = re.compile(
    r"fout: \d+ (probleem|problemen) in \d+ bestand(en)?; los (het|ze) op en probeer het opnieuw"
)


def _set(data: Any, where: tuple[str | int, ...], text: str) -> None:
    for step in where[:-1]:
        data = data[step]
    data[where[-1]] = text


def _apply(root: Path, changes: dict[int, str]) -> None:
    for index, text in changes.items():
        relative, where = FIELDS[index]
        path = root / relative
        if not where:
            path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _set(data, where, f"https://x.nl/{text}" if where[-1] == "url" else text)
        path.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8"
        )


def _live(value: str) -> bool:
    """Whether a browser would follow `value` to a scheme outside the allow-list."""
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", value))
    return scheme is not None and scheme.group(1).lower() not in ALLOWED_SCHEMES


def _assert_safe_pages(site: Path) -> None:
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(href=True):
            assert not _live(str(tag["href"])), (page, tag)
        for image in soup.find_all("img"):
            assert not re.match(r"(?i)\s*(https?:)?//", str(image.get("src", ""))), (page, image)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(CHANGES)
@example({0: "0\x1f"})  # found in CI: a broken partij.yml, and the warnings its default limit brings
def test_what_controleer_accepts_the_build_builds(changes: dict[int, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="bouwstenen-willekeurig-") as folder:
        root = Path(folder) / "mini"
        shutil.copytree(FIXTURES / "mini", root)
        _apply(root, changes)
        check = run_cli("--map", str(root), "controleer")
        assert check.status in (0, 2), check.stderr
        assert "interne fout" not in check.stderr and "Traceback" not in check.stderr, check.stderr
        event("geweigerd" if check.status == 2 else "gebouwd")
        if check.status == 2:
            # warnings ('let op:') block nothing; a broken partij.yml brings the default age limit back
            refusals = [line for line in without_warnings(check.lines) if line and not line.startswith("  ")]
            assert refusals and SUMMARY.fullmatch(refusals[-1]), check.stderr
            assert all(PROBLEM.fullmatch(line) for line in refusals[:-1]), check.stderr
            return
        build = run_cli("--map", str(root), "--werkers", "1")
        assert build.status == 0, build.stderr
        downloads = root / "site" / "dorp" / "downloads"
        for suffix in ("pdf", "docx", "odt", "md"):
            assert (downloads / f"dorp-gemeenteprogramma.{suffix}").stat().st_size > 0
        _assert_safe_pages(root / "site")

"""Renaming a point on a card: `vervangt` keeps every branch that uses the old id working."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run_cli

CARD = "themes/armoede.yml"
BRANCH = "content/afdelingen/dorp.yml"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _rename(root: Path) -> None:
    _edit(root, CARD, "  - id: kindpakket\n", "  - id: pakket-voor-elk-kind\n    vervangt: [kindpakket]\n")


def _points(root: Path) -> list[str]:
    page = BeautifulSoup((root / "site/dorp/themas/armoede/index.html").read_text("utf-8"), "html.parser")
    return [span["id"] for span in page.select("article span[id]") if span["id"] != "__skip"]


def test_a_renamed_point_gives_a_notice_and_the_branch_builds(mini: Path) -> None:
    _rename(mini)
    notice = (
        "let op: content/afdelingen/dorp.yml:9: het standpunt 'kindpakket' van kaart 'armoede' heet nu"
        " 'pakket-voor-elk-kind' — schrijf 'pakket-voor-elk-kind'; tot dan gebruikt Bouwstenen"
        " 'pakket-voor-elk-kind' vanzelf"
    )
    check = run_cli("--map", str(mini), "controleer")
    assert (check.status, check.lines) == (0, [notice])
    build = run_cli("--map", str(mini))
    assert (build.status, build.lines) == (0, [notice])
    assert "pakket-voor-elk-kind" not in _points(mini)  # dropped under its old id
    assert "schuldhulp" in _points(mini)


def test_an_old_id_in_standpunten_chooses_the_renamed_point(mini: Path) -> None:
    _rename(mini)
    _edit(mini, BRANCH, "    weglaten:\n      - kindpakket\n", "    standpunten:\n      - kindpakket\n")
    assert run_cli("--map", str(mini)).status == 0
    assert _points(mini)[:1] == ["pakket-voor-elk-kind"]
    assert "schuldhulp" not in _points(mini)


def test_a_rename_without_vervangt_is_still_an_error(mini: Path) -> None:
    _edit(mini, CARD, "  - id: kindpakket\n", "  - id: pakket-voor-elk-kind\n")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert run.lines[0].startswith("content/afdelingen/dorp.yml:9: onbekend standpunt 'kindpakket'")


def test_old_ids_that_cannot_be_are_refused_on_their_line(mini: Path) -> None:
    _edit(mini, CARD, "  - id: kindpakket\n", "  - id: kindpakket\n    vervangt: [schuldhulp]\n")
    run = run_cli("--map", str(mini), "controleer")
    assert run.lines[0] == (
        "themes/armoede.yml:9: 'schuldhulp' is nog de id van een standpunt op deze kaart — een standpunt"
        " kan alleen een id vervangen die geen standpunt meer heeft"
    )
    _edit(mini, CARD, "    vervangt: [schuldhulp]\n", "    vervangt: [oud]\n")
    _edit(mini, CARD, "  - id: schuldhulp\n", "  - id: schuldhulp\n    vervangt:\n      - oud\n")
    run = run_cli("--map", str(mini), "controleer")
    assert run.lines[0] == (
        "themes/armoede.yml:13: 'oud' wordt al vervangen door 'kindpakket' — een oude id hoort bij één"
        " nieuw standpunt; haal hem hier weg"
    )

"""The cache can be trusted or is not used: after any change, an incremental build gives
byte for byte the site a `--schoon` build of a fresh copy gives.

One library (tests/fixtures/mini plus a card the branch did not choose) is built once;
each case copies that build, changes one thing, builds again, and compares the whole
site/ (manifest included) with a clean build of the same files in another folder.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, build_ok, tree

from bouwstenen.cache import MANIFEST, Manifest, read_manifest

UNCHOSEN = "themes/wonen.yml"


def _clean_build(source: Path, target: Path) -> dict[str, str]:
    """The site a `--schoon` build of a fresh copy of `source`'s files gives."""
    for name in ("themes", "content"):
        shutil.copytree(source / name, target / name)
    build_ok(target, "--schoon")
    return tree(target / "site")


def _card(root: Path, card_id: str, title: str) -> None:
    text = (root / "themes/armoede.yml").read_text("utf-8")
    text = text.replace("id: armoede", f"id: {card_id}").replace("titel: Armoede", f"titel: {title}")
    (root / f"themes/{card_id}.yml").write_text(text, "utf-8")


def _manifest(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "site" / MANIFEST
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mini with a third card that its one branch did not choose, built once."""
    root = tmp_path_factory.mktemp("cache") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    _card(root, "wonen", "Wonen")
    build_ok(root)
    return root


@pytest.fixture(scope="module")
def clean(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The clean build of `built`'s files, for the cases that change no file."""
    return _clean_build(built, tmp_path_factory.mktemp("schoon"))


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(built, root, symlinks=True)
    return root


CONTENT_CHANGES: dict[str, Callable[[Path], None]] = {
    "card-added": lambda root: _card(root, "werk", "Werk en inkomen"),
    "card-retitled": lambda root: _card(root, "wonen", "Wonen en buurt"),
    "card-renamed": lambda root: (_card(root, "huisvesting", "Huisvesting"), (root / UNCHOSEN).unlink()),
    "card-removed": lambda root: (root / UNCHOSEN).unlink(),
}


@pytest.mark.parametrize("change", CONTENT_CHANGES.values(), ids=CONTENT_CHANGES.keys())
def test_a_card_the_branch_did_not_choose(
    built: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    root = _copy(built, tmp_path)
    change(root)
    assert build_ok(root)[0].startswith("dorp: "), "the branch's Over page names the cards it did not choose"
    assert tree(root / "site") == _clean_build(root, tmp_path / "schoon")


def test_a_new_card_is_on_the_over_page_and_in_the_search_index(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    _card(root, "werk", "Werk en inkomen")
    build_ok(root)
    assert "Werk en inkomen" in (root / "site/dorp/over/index.html").read_text("utf-8")
    fragments = (root / "site/pagefind/fragment").glob("*.pf_fragment")
    assert any(b"Werk en inkomen" in gzip.decompress(fragment.read_bytes()) for fragment in fragments)


def _remove(relative: str) -> Callable[[Path], None]:
    def remove(root: Path) -> None:
        path = root / "site" / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    return remove


def _stray(root: Path) -> None:
    (root / "site/spook").mkdir()
    (root / "site/spook/index.html").write_text("spook", "utf-8")


def _extra_branch(data: dict[str, Any]) -> None:
    data["afdelingen"]["assets"] = dict(data["afdelingen"]["dorp"])


def _ghost_branch(root: Path) -> None:
    _stray(root)
    _manifest(root, lambda data: data["afdelingen"].update(spook=data["afdelingen"]["dorp"]))


SITE_CHANGES: dict[str, Callable[[Path], None]] = {
    "branch-folder-deleted": _remove("dorp"),
    "branch-page-deleted": _remove("dorp/over/index.html"),
    "assets-deleted": _remove("assets"),
    "portal-page-deleted": _remove("index.html"),
    "search-index-deleted": _remove("pagefind"),
    "stray-folder": _stray,
    "wrong-branch-key": lambda root: _manifest(
        root, lambda d: d["afdelingen"]["dorp"].update(sleutel="0" * 64)
    ),
    "wrong-portal-key": lambda root: _manifest(root, lambda d: d.update(portaal="0" * 64)),
    "extra-entry-named-assets": lambda root: _manifest(root, _extra_branch),
    "extra-entry-with-a-folder": _ghost_branch,
    "manifest-unreadable": lambda root: (root / "site" / MANIFEST).write_text("{", "utf-8"),
}


@pytest.mark.parametrize("change", SITE_CHANGES.values(), ids=SITE_CHANGES.keys())
def test_a_site_that_is_not_as_its_manifest_says(
    built: Path, clean: dict[str, str], tmp_path: Path, change: Callable[[Path], None]
) -> None:
    root = _copy(built, tmp_path)
    change(root)
    build_ok(root)
    assert tree(root / "site") == clean


def test_the_manifest_is_trusted_only_as_far_as_the_disk_agrees(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    whole = read_manifest(root / "site")
    assert set(whole.branches) == {"dorp"} and whole.portal is not None
    shutil.rmtree(root / "site/assets")
    assert read_manifest(root / "site") == Manifest(whole.branches, None, whole.blocked)
    (root / "site/dorp/index.html").unlink()
    assert not read_manifest(root / "site").branches

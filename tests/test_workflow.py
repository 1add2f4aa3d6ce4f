"""The GitHub workflows: valid for actionlint, pinned, sharded, and safe for pull requests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
CONTROLE = WORKFLOWS / "controle.yml"
ACTIONLINT = Path(sys.executable).with_name("actionlint")
ZIZMOR = Path(sys.executable).with_name("zizmor")
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")
"""An action at the full commit of its release tag, with that tag beside it."""


def _workflow(path: Path) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    return loaded


def _steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in _workflow(path)["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_actionlint_passes(path: Path) -> None:
    done = subprocess.run(
        [str(ACTIONLINT), "-no-color", str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--persona=auditor", "--no-progress", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_every_action_is_pinned_to_the_commit_of_its_release(path: Path) -> None:
    uses = re.findall(r"uses:\s*(.+)", path.read_text("utf-8"))
    assert uses
    for action in uses:
        assert PINNED.fullmatch(action.strip()), action


def test_the_pin_check_refuses_a_tag_or_a_bare_commit() -> None:
    commit = "08c6903cd8c0fde910a37f88322edcfb5dd907a8"
    assert PINNED.fullmatch(f"actions/checkout@{commit} # v5.0.0")
    assert not PINNED.fullmatch("actions/checkout@v5.0.0")
    assert not PINNED.fullmatch(f"actions/checkout@{commit}")
    assert not PINNED.fullmatch(f"actions/checkout@{commit[:12]} # v5.0.0")


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_no_checkout_keeps_its_credentials(path: Path) -> None:
    checkouts = [step for step in _steps(path) if "actions/checkout@" in step.get("uses", "")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_no_rights_unless_a_job_asks_for_them(path: Path) -> None:
    workflow = _workflow(path)
    assert workflow["permissions"] == {}
    assert not {"pull_request_target", "workflow_run"} & set(workflow[True])
    for name, job in workflow["jobs"].items():
        assert set(job["permissions"]) <= {"contents", "pages", "id-token"}, name
        assert job["permissions"].get("contents", "read") == "read", name


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_shell_line(path: Path) -> None:
    for step in _steps(path):
        assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_installs_only_what_building_needs(path: Path) -> None:
    runs = [step["run"] for step in _steps(path) if "run" in step]
    assert "make install" in runs
    assert not any("make test" in run or "requirements/test" in run for run in runs)


def test_shards_build_one_job_merges_and_one_deploys() -> None:
    workflow = _workflow(PAGES)
    jobs = workflow["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["shard"] == list(range(1, int(workflow["env"]["SHARDS"]) + 1))
    build = next(step for step in jobs["build"]["steps"] if step.get("name") == "Bouwen")
    assert '--shard "${SHARD}/${SHARDS}"' in build["run"]
    upload = jobs["build"]["steps"][-1]
    assert upload["with"]["include-hidden-files"] is True, "the part's manifest is a hidden file"
    assert jobs["merge"]["needs"] == "build"
    merge = next(step for step in jobs["merge"]["steps"] if step.get("id") == "merge")
    assert "build.py samenvoegen delen/deel-*" in merge["run"]
    download = next(step for step in jobs["merge"]["steps"] if "download-artifact" in step.get("uses", ""))
    assert "merge-multiple" not in download["with"], "each part keeps its own folder and manifest"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "merge"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["build"]["permissions"] == jobs["merge"]["permissions"] == {"contents": "read"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}


def test_pull_requests_are_checked_safely() -> None:
    text = "\n".join(line for line in CONTROLE.read_text("utf-8").splitlines() if not line.startswith("#"))
    workflow = _workflow(CONTROLE)
    assert workflow[True] == {"pull_request": None}
    assert "pull_request_target" not in text
    assert "secrets." not in text
    assert [job["permissions"] for job in workflow["jobs"].values()] == [{"contents": "read"}]
    steps = _steps(CONTROLE)
    checkout = steps[0]
    assert checkout["with"]["persist-credentials"] is False
    build = next(step for step in steps if "--gewijzigd" in step.get("run", ""))
    assert build["run"].startswith(".venv/bin/python build.py bouw --gewijzigd")
    upload = steps[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["path"] == "site/"

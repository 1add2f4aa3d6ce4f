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


@pytest.mark.parametrize("path", [PAGES, CONTROLE], ids=lambda p: p.name)
def test_every_action_is_pinned_to_an_exact_version(path: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)", path.read_text("utf-8"))
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", action), action


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
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}


def test_pull_requests_are_checked_safely() -> None:
    text = "\n".join(line for line in CONTROLE.read_text("utf-8").splitlines() if not line.startswith("#"))
    workflow = _workflow(CONTROLE)
    assert workflow[True] == {"pull_request": None}
    assert "pull_request_target" not in text
    assert "secrets." not in text
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job
    steps = _steps(CONTROLE)
    checkout = steps[0]
    assert checkout["with"]["persist-credentials"] is False
    build = next(step for step in steps if "--gewijzigd" in step.get("run", ""))
    assert build["run"].startswith(".venv/bin/python build.py bouw --gewijzigd")
    upload = steps[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["path"] == "site/"

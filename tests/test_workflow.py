"""The GitHub Pages workflow: valid for actionlint, sharded, deploying once, pinned."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def test_actionlint_passes() -> None:
    done = subprocess.run(
        [str(ACTIONLINT), "-no-color", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_action_is_pinned_to_an_exact_version() -> None:
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text("utf-8"))
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", action), action


def test_shards_build_and_one_job_deploys() -> None:
    workflow = _workflow()
    jobs = workflow["jobs"]
    shards = jobs["build"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(workflow["env"]["SHARDS"]) + 1))
    assert "--shard" in jobs["build"]["steps"][-2]["run"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    steps = [step.get("uses", "") for step in deploy["steps"]]
    assert [s.split("@")[0] for s in steps] == [
        "actions/download-artifact",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}

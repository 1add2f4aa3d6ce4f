"""Stage 2, validate, whole: the files on their own (validate.py), then what can only be
checked against a branch's program as composed: where each amendment is about."""

from __future__ import annotations

from bouwstenen import amend
from bouwstenen.compose import compose
from bouwstenen.isolate import judge
from bouwstenen.load import Library
from bouwstenen.names import stem
from bouwstenen.problem import Problem
from bouwstenen.validate import validate


def check(library: Library) -> list[Problem]:
    """Every problem in the library, sorted by file and line; what `controleer` reports and
    every build obeys."""
    problems = validate(library)
    verdict = judge(library, problems)
    for amendments in library.amendments:
        slug = stem(amendments.path).removesuffix(".amendementen")
        if library.branch(slug) is not None and slug not in verdict.blocked:
            problems += amend.problems(amendments, compose(library, slug, amended=False))
    return sorted(set(problems))

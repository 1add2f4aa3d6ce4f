"""The published size for N synthetic branches, in one full build (no timing, no rebuilds).

    .venv/bin/python bench/size.py 342

Uses the same synthetic branches as bench/run.py; prints the size of site/, per branch and
per kind of file. bench/run.py reports the same size with all its timings, which takes
much longer.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

from bouwstenen.load import load
from bouwstenen.names import stem


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 342
    with tempfile.TemporaryDirectory(prefix=f"bouwstenen-grootte-{count}-") as folder:
        root = Path(folder)
        bench._synthetic_repo(root, count)
        slugs = [stem(branch.path) for branch in load(root).branches]
        seconds, _ = bench._timed_build(root, slugs, 2)
        site = root / "site"
        total = _size(site.rglob("*"))
        branches = sum(_size((site / slug).rglob("*")) for slug in slugs)
        print(f"N = {count}: {total / 1e6:.1f} MB gepubliceerd (doel ≤ {bench.SIZE_TARGET_MB} MB),")
        print(
            f"  {branches / count / 1e6:.3f} MB per afdeling, {(total - branches) / 1e6:.1f} MB portaal en zoekindex"
        )
        kinds: dict[str, int] = {}
        for slug in slugs:
            for path in (site / slug).rglob("*"):
                if path.is_file():
                    kind = (
                        path.suffix
                        if path.suffix != ".html"
                        else f"html {path.relative_to(site / slug).parts[0]}"
                    )
                    kinds[kind] = kinds.get(kind, 0) + path.stat().st_size
        for kind, size in sorted(kinds.items(), key=lambda item: -item[1])[:10]:
            print(f"  {kind}: {size / count / 1e3:.0f} kB per afdeling")
        print(f"  (bouwen duurde {seconds:.0f} s met 2 werkers)")
    return 0


def _size(paths: object) -> int:
    return sum(path.stat().st_size for path in paths if path.is_file())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())

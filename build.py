"""Bouwstenen: `python build.py --help` shows what it can do.

Run with any Python 3.11+: when the packages are not importable here but `make` has
made .venv beside this file, Bouwstenen restarts itself with the Python in .venv.
"""

import os
import signal
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

if __name__ == "__main__":
    try:
        from bouwstenen.cli import main
    except KeyboardInterrupt:  # Ctrl+C while Python still loads Bouwstenen: the same line as later
        print(
            "afgebroken met Ctrl+C — site/ is heel gebleven; start opnieuw wanneer je wilt", file=sys.stderr
        )
        sys.exit(130)
    except ImportError as error:
        if (error.name or "").startswith("bouwstenen"):
            raise
        if VENV_PYTHON.is_file() and Path(sys.prefix).resolve() != (HERE / ".venv").resolve():
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), str(Path(__file__)), *sys.argv[1:]])
        print(
            f"fout: Bouwstenen is nog niet geïnstalleerd ({error.name} ontbreekt) — draai eerst 'make'"
            " in deze map; dat installeert alles in .venv. Daarna werkt: python build.py",
            file=sys.stderr,
        )
        sys.exit(2)
    status = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a Ctrl+C while Python shuts down changes nothing
    sys.exit(status)

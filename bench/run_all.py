"""Runs every benchmark in turn (``make bench``); figures go to bench/README.md by hand."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    ["page.py"],
    ["comments_page.py"],
    ["comment_apps.py"],
    ["search.py"],
    ["moderation.py"],
    ["moderation_quality.py"],
    ["throughput.py"],
    ["posting.py"],
]


def main() -> int:
    failed = 0
    for script, *args in SCRIPTS:
        print(f"\n=== bench/{script}", flush=True)
        failed += subprocess.run([sys.executable, str(BENCH / script), *args]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

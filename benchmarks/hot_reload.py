"""How long a saved change to a page takes to show in the browser under `make dev` (README,
"Development"). Start `make dev` first, then:

    .venv/bin/python benchmarks/hot_reload.py [http://localhost:3000] [runs]

Each run changes the /verify page's heading in portal_app/pages/verify.py, then waits, without
reloading, until the open page shows the new heading; the file is put back at the end.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGE = Path(__file__).resolve().parents[1] / "portal_app" / "pages" / "verify.py"
HEADING = "Verify a document"


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    original = PAGE.read_text()
    assert f'rx.heading("{HEADING}"' in original
    seconds: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "/verify")
        page.get_by_role("heading", name=HEADING, exact=True).wait_for(timeout=120_000)
        try:
            for run in range(1, runs + 1):
                text = f"{HEADING} (edit {run})"
                started = time.monotonic()
                PAGE.write_text(original.replace(f'rx.heading("{HEADING}"', f'rx.heading("{text}"', 1))
                page.get_by_role("heading", name=text, exact=True).wait_for(timeout=180_000)
                seconds.append(time.monotonic() - started)
                print(f"run {run}: {seconds[-1]:.1f} s", flush=True)
                time.sleep(3)  # let the reload settle before the next save
        finally:
            PAGE.write_text(original)
            browser.close()
    print(f"median of {runs}: {statistics.median(seconds):.1f} s")


if __name__ == "__main__":
    main()

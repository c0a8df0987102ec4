"""Render the HTML report with headless Chromium to a PNG, to see what a reader sees.

    python scripts/screenshot_report.py --db data/wf_etl.duckdb --output report.png

Why a real browser: the report's charts are hand-written SVG, and only a browser shows
whether bars, labels and legend land where they should.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH, or None."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(html: Path, png: Path, width: int = 1280, height: int = 2000) -> Path:
    """Render one local HTML file to png; a fresh profile, no network, no first-run chatter."""
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH; apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="wf-etl-chromium-") as profile:
        subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png.resolve()}",
                f"--window-size={width},{height}", html.resolve().as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    if not png.is_file():
        raise RuntimeError(f"chromium exited without writing {png}")
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="warehouse (default: $WF_ETL_DUCKDB_PATH)")
    parser.add_argument("--html", type=Path, help="an HTML report already written")
    parser.add_argument("--output", type=Path, default=Path("report.png"))
    args = parser.parse_args(argv)
    html = args.html
    if html is None:
        from wf_etl.commands.report import render
        from wf_etl.settings import Settings

        html = Path(tempfile.mkdtemp(prefix="wf-etl-report-")) / "report.html"
        html.write_text(render(args.db or Settings.from_env().duckdb_path, "html"), "utf-8")
    print(screenshot(html, args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())

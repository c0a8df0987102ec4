"""The HTML report rendered by headless Chromium: a real browser draws real pixels from it."""

from __future__ import annotations

import importlib.util
import os
import struct
import zlib
from pathlib import Path

import pytest

from wf_etl.commands.report import render

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot_report.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("screenshot_report", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png_size_and_pixel_bytes(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def _no_browser() -> None:
    """In CI the browser test must run, so a missing Chromium fails it; elsewhere it skips and
    says how to enable it (pytest's -ra prints the reason in the summary)."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(
            "CI is set but no Chromium is on PATH: .ci/run installs it when run as root "
            "(apt-get install -y chromium)"
        )
    pytest.skip(
        "the HTML report was not rendered in a browser: no chromium on PATH. "
        "To run this test: sudo apt-get install -y chromium (or put chromium on PATH)"
    )


def test_html_report_renders_to_a_non_blank_png(warehouse_file, tmp_path):
    screenshot_report = _load_script()
    if screenshot_report.find_chromium() is None:
        _no_browser()
    html = tmp_path / "report.html"
    html.write_text(render(str(warehouse_file), "html"), encoding="utf-8")
    png = screenshot_report.screenshot(html, tmp_path / "report.png", width=1280, height=2000)
    width, height, pixels = _png_size_and_pixel_bytes(png.read_bytes())
    assert (width, height) == (1280, 2000)
    # A blank page has a couple of byte values; text, bars and boxes in colour have many.
    assert len(set(pixels)) > 64

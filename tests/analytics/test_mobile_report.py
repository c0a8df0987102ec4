"""The HTML report on a 390 px phone screen: no sideways scrolling, measured in a real browser."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.analytics.test_report_changes import change_warehouse  # noqa: F401 - a fixture
from wf_etl.commands.report import render

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")


def page_widths(html: Path, width: int) -> tuple[int, int, list[str]]:
    """(document scroll width, viewport width, tags of elements sticking out) in Chromium."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(
                viewport={"width": width, "height": 844}, is_mobile=True, device_scale_factor=2
            )
            page.goto(html.resolve().as_uri())
            scroll = page.evaluate("document.documentElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')]"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                ".map(e => e.tagName)"
            )
            page.screenshot(path=str(html.with_suffix(f".{width}.png")), full_page=True)
        finally:
            browser.close()
    return scroll, inner, wide


def test_the_html_report_fits_a_390_px_phone_without_sideways_scrolling(
    change_warehouse: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    html = tmp_path / "report.html"
    html.write_text(
        render(str(change_warehouse), "html", date_to=datetime(2024, 6, 8, 12, tzinfo=UTC)),
        encoding="utf-8",
    )
    scroll, inner, wide = page_widths(html, 390)
    assert inner == 390
    assert scroll <= inner, f"page is {scroll} px wide; elements sticking out: {wide[:10]}"
    assert html.with_suffix(".390.png").stat().st_size > 10_000

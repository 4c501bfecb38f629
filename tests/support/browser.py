"""Open a page in headless Chromium (Debian's) through Playwright, with the network off, and report
what a person would see: console errors, requests made, and a screenshot."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@dataclass
class PageReport:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), prompt() the page opened


def available() -> bool:
    return Path(CHROMIUM).exists()


def inspect(page_file: Path, script: str, screenshot: Path | None = None, click_node: str | None = None,
            size: tuple[int, int] = (1400, 900),
            ready: str = "window.hgrKg !== undefined") -> PageReport:  # fmt: skip
    from playwright.sync_api import sync_playwright

    report = PageReport()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(offline=True, viewport={"width": size[0], "height": size[1]})
        page = context.new_page()
        page.on("console", lambda m: report.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report.errors.append(str(e)))
        page.on("request", lambda r: report.requests.append(r.url))
        page.on("dialog", lambda d: (report.dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.resolve().as_uri())
        page.wait_for_function(ready)
        page.wait_for_timeout(1500)
        if click_node:
            page.evaluate(
                "id => { window.hgrKg.network.selectNodes([id]); window.hgrKg.show(id); }", click_node
            )
        report.values = page.evaluate(script)
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        browser.close()
    return report

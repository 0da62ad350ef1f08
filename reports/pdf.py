"""PDF copies of the HTML reports, printed by headless Chromium from the same HTML."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from reports.pages import write_files

CHROMIUM = "/usr/bin/chromium"
FOOTER = ('<div style="font-size:9px;width:100%;text-align:center">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions"]


def pdf_unavailable(chromium: str = CHROMIUM) -> str | None:
    """None when PDFs can be made; else why not."""
    if not Path(chromium).exists() and not shutil.which(chromium):
        return f"Chromium not found at {chromium}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def print_pdfs(pages: list[Path], chromium: str = CHROMIUM,
               on_page: Callable[[], None] | None = None) -> list[Path]:
    """page.html -> page.pdf beside it (A4, tagged, with an outline); one browser for all."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # The reports are self-contained: refuse anything that is not the file itself.
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file://") else route.abort())
            for html in pages:
                page.goto(html.resolve().as_uri(), wait_until="load")
                target = html.with_suffix(".pdf")
                page.pdf(path=str(target), format="A4", print_background=True, tagged=True,
                         outline=True, display_header_footer=True,
                         header_template="<span></span>", footer_template=FOOTER,
                         margin={"top": "15mm", "bottom": "18mm", "left": "14mm",
                                 "right": "14mm"})
                written.append(target)
                if on_page is not None:
                    on_page()
        finally:
            browser.close()
    return written


def pdf_copies(html: dict[str, bytes], chromium: str = CHROMIUM,
               on_page: Callable[[], None] | None = None) -> dict[str, bytes]:
    """The PDF copy of each HTML file given as contents ("en/index.html" -> bytes), for a
    worker that renders pages without the period folder: printed in a scratch folder."""
    why_not = pdf_unavailable(chromium)
    if why_not:
        raise RuntimeError(f"No PDF copies on this machine: {why_not}")
    with tempfile.TemporaryDirectory(prefix="clustereval-pdf-") as scratch:
        folder = Path(scratch)
        pages = write_files(folder, html)
        return {pdf.relative_to(folder).as_posix(): pdf.read_bytes()
                for pdf in print_pdfs(pages, chromium, on_page)}

"""PDF copies of the HTML reports, printed by headless Chromium from the same HTML."""

from __future__ import annotations

import asyncio
import os
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
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def print_pdfs(pages: list[Path], chromium: str = CHROMIUM,
               on_page: Callable[[], None] | None = None, workers: int | None = None
               ) -> list[Path]:
    """page.html -> page.pdf beside it (A4, tagged, with an outline), `workers` pages at
    once (default: one per core), each worker with a browser of its own: measured on 2
    cores, separate browsers print 18 % more pages a second, contexts of one browser 2 %.
    Returned in the pages' order."""
    count = max(1, min(workers or os.cpu_count() or 1, len(pages) or 1))
    return asyncio.run(_print_all(pages, chromium, on_page, count))


async def _print_all(pages: list[Path], chromium: str, on_page: Callable[[], None] | None,
                     workers: int) -> list[Path]:
    from playwright.async_api import Route, async_playwright

    async def only_files(route: Route) -> None:
        # The reports are self-contained: refuse anything that is not the file itself.
        if route.request.url.startswith("file://"):
            await route.continue_()
        else:
            await route.abort()

    queue: asyncio.Queue[Path] = asyncio.Queue()
    for html in pages:
        queue.put_nowait(html)
    async with async_playwright() as playwright:

        async def worker() -> None:
            browser = await playwright.chromium.launch(executable_path=chromium,
                                                       headless=True, args=CHROMIUM_ARGS)
            try:
                page = await browser.new_page()
                await page.route("**/*", only_files)
                while not queue.empty():
                    html = queue.get_nowait()
                    await page.goto(html.resolve().as_uri(), wait_until="load")
                    await page.pdf(
                        path=str(html.with_suffix(".pdf")), format="A4",
                        print_background=True, tagged=True, outline=True,
                        display_header_footer=True, header_template="<span></span>",
                        footer_template=FOOTER, margin={"top": "15mm", "bottom": "18mm",
                                                        "left": "14mm", "right": "14mm"})
                    if on_page is not None:
                        on_page()
            finally:
                await browser.close()

        await asyncio.gather(*(worker() for _ in range(workers)))
    return [html.with_suffix(".pdf") for html in pages]


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

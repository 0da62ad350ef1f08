"""The browser engine: axe-core in headless Chromium, for what needs a rendered page
(colour contrast, ARIA, focus). Used only when Chromium and axe-core are installed.

The browser is confined: its host names are pinned to the addresses the fetcher
already checked (--host-resolver-rules, nothing else resolves), and every request
that leaves the audited page's own origin is aborted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from config import CONFIG_DIR
from ingest.websites.model import MAX_ELEMENTS, Finding
from ingest.websites.settings import WebsiteSettings

AXE_SCRIPT = CONFIG_DIR.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TIMEOUT_MS = 20_000


def browser_available(settings: WebsiteSettings) -> str | None:
    """None when the browser engine can run; else why not (for the record and the log)."""
    if not Path(settings.chromium_path).exists() and not shutil.which(settings.chromium_path):
        return f"Chromium not found at {settings.chromium_path}"
    if not AXE_SCRIPT.exists():
        return f"axe-core not installed ({AXE_SCRIPT}; run npm ci)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class AxeEngine:
    """`async with AxeEngine(settings, {host: address}) as axe: await axe.audit(url)`."""

    name = "axe"

    def __init__(self, settings: WebsiteSettings, addresses: dict[str, str]) -> None:
        self.settings = settings
        self.addresses = addresses
        self._playwright: Any = None
        self._browser: Any = None

    async def __aenter__(self) -> AxeEngine:
        from playwright.async_api import async_playwright

        rules = ", ".join(f"MAP {host} {address}" for host, address in self.addresses.items())
        self._profile = tempfile.TemporaryDirectory(prefix="clustereval-chromium-")
        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=self.settings.chromium_path,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions",
                # Only the checked addresses resolve; any other name fails to resolve.
                f"--host-resolver-rules={rules}, MAP * ~NOTFOUND" if rules
                else "--host-resolver-rules=MAP * ~NOTFOUND",
            ],
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
        self._profile.cleanup()

    async def audit(self, url: str) -> list[Finding]:
        origin = _origin(url)
        context = await self._browser.new_context(
            user_agent=self.settings.user_agent,
            java_script_enabled=True,  # axe itself is JavaScript; the page's scripts stay
            # on their own origin by the route below
            ignore_https_errors=True,  # TLS was verified by the fetcher at the same address
            service_workers="block",
        )
        try:
            page = await context.new_page()

            async def same_origin_only(route: Any) -> None:
                if _origin(route.request.url) == origin:
                    await route.continue_()
                else:
                    await route.abort()

            await page.route("**/*", same_origin_only)
            try:
                await page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
                await page.add_script_tag(path=str(AXE_SCRIPT))
                result = await page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    WCAG_TAGS,
                )
            except Exception as error:
                return [Finding("axe", "could_not_check", url, f"axe-core did not run: {error}",
                                engine="axe")]
        finally:
            await context.close()
        return violations_to_findings(url, result.get("violations", []))


def violations_to_findings(url: str, violations: list[dict[str, Any]]) -> list[Finding]:
    findings = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        wcag = " ".join(tag for tag in violation.get("tags", []) if tag.startswith("wcag"))
        findings.append(Finding(
            check=f"axe:{violation['id']}",
            status="fail",
            page=url,
            detail=str(violation.get("help", violation["id"])),
            count=len(nodes),
            elements=[str(node.get("html", ""))[:160] for node in nodes[:MAX_ELEMENTS]],
            wcag=wcag,
            engine="axe",
        ))
    return findings

"""One strict jinja2 environment: autoescaped, and a missing value is an error, not blank."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # `_("key")` in the templates, gettext's name; each page's view brings the `_` of
        # its language (reports/messages.py), so pages of two languages can render at once.
        extensions=["jinja2.ext.i18n"],
    )


def render(template: str, view: dict[str, Any]) -> str:
    return environment().get_template(template).render(**view)

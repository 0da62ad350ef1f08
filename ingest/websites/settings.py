"""The website checks' settings, from config/websites.yaml."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from config import CONFIG_DIR
from ingest.configuration import read_yaml
from ingest.errors import InputError

WEBSITES_FILE = CONFIG_DIR / "websites.yaml"


class WebsiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str
    max_pages: int = Field(4, ge=1, le=20)
    connect_timeout_seconds: float = Field(5, gt=0)
    read_timeout_seconds: float = Field(10, gt=0)
    page_deadline_seconds: float = Field(30, gt=0)
    max_body_bytes: int = Field(3_000_000, ge=1000)
    max_redirects: int = Field(5, ge=0, le=20)
    per_host_concurrency: int = Field(2, ge=1)
    total_concurrency: int = Field(64, ge=1)
    retries: int = Field(2, ge=0, le=5)
    retry_backoff_seconds: float = Field(0.5, ge=0)
    allowed_networks: list[str] = []
    extra_ca_file: str = ""
    # Fixed answers for host names, like /etc/hosts (a staging server, the tests' fixture
    # sites); the addresses still go through the safety check.
    host_overrides: dict[str, str] = {}
    engine: str = Field("auto", pattern="^(auto|static|axe)$")
    chromium_path: str = "/usr/bin/chromium"
    offer_words: list[str]
    min_offer_words: int = Field(80, ge=1)
    statement_words: list[str]
    english_words: list[str]

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(network, strict=False) for network in self.allowed_networks]


def load_website_settings(path: Path = WEBSITES_FILE, **overrides: object) -> WebsiteSettings:
    data = read_yaml(path)
    data.update(overrides)
    try:
        return WebsiteSettings.model_validate(data)
    except ValidationError as error:
        raise InputError(f"Configuration file {path} is invalid: {error}") from error

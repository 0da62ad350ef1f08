"""Docs that run: the README documents every command and option the CLI has."""

from __future__ import annotations

import re
from pathlib import Path

from flows.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_command_and_option():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, command in subparsers.choices.items():  # type: ignore[attr-defined]
        assert f"clustereval {name}" in README, name
        for action in command._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in README, f"{name} {flag}"


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


def test_readme_lists_every_header_alias():
    from ingest.configuration import load_column_config

    columns = load_column_config()
    for column, aliases in columns.columns.items():
        assert re.search(rf"`{column}`", README), column
        for alias in aliases:
            assert alias in README, alias


def test_readme_documents_every_flow_parameter():
    import inspect

    from flows.check_websites import check_websites_flow
    from flows.evaluate import evaluate_clusters_flow
    from flows.intake import intake_workbooks_flow
    from flows.warn import warn_clusters_flow

    for flow in (evaluate_clusters_flow, check_websites_flow, warn_clusters_flow,
                 intake_workbooks_flow):
        assert flow.name in README
        for name in inspect.signature(flow.fn).parameters:
            assert f"`{name}`" in README, f"{flow.name}: {name}"


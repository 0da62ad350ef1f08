"""The README's "An operator's quarter", run as written: each command prints the lines
the README shows below it (a flow test: evaluate and warn run real Prefect flows)."""

from __future__ import annotations

import re

from tests.test_docs import README


def operators_quarter() -> list[tuple[list[str], list[str]]]:
    """The commands of the README's "An operator's quarter" and the lines shown below each."""
    import shlex

    section = README.split("## An operator's quarter")[1].split("\n## ")[0]
    steps: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("$ clustereval "):
                steps.append((shlex.split(line.removeprefix("$ clustereval ")), []))
            else:
                steps[-1][1].append(line)
    return steps


def _shown(line: str) -> re.Pattern[str]:
    """A line as the README shows it: spaces collapsed, `<…>` standing for anything."""
    parts = re.split(r"<[^>]+>", " ".join(line.split()))
    return re.compile("^" + ".*".join(re.escape(part) for part in parts) + "$")


def test_the_operators_quarter_prints_what_the_readme_shows(capfd, tmp_path, monkeypatch):
    from flows.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLUSTEREVAL_STATE_DIR", str(tmp_path / "state"))  # runs 1 and 2
    steps = operators_quarter()
    assert [args[0] for args, _ in steps] == ["validate", "evaluate", "evaluate", "history",
                                              "history", "warn", "decisions"]
    for args, expected in steps:
        code = main([*args, *(["--no-pdf"] if args[0] == "evaluate" else [])])
        printed = [" ".join(line.split()) for line in capfd.readouterr().out.splitlines()]
        assert code == (1 if args[0] == "validate" else 0), args
        at, skipping = 0, False
        for line in expected:
            if line == "...":
                skipping = True
                continue
            pattern = _shown(line)
            while skipping and at < len(printed) and not pattern.match(printed[at]):
                at += 1
            assert at < len(printed) and pattern.match(printed[at]), (args, line, printed)
            at, skipping = at + 1, False
        assert skipping or at == len(printed), (args, printed[at:])

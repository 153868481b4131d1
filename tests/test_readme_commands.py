"""The commands the README shows exist: a renamed or removed command fails here."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from strikemap.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _documented_commands() -> list[list[str]]:
    commands = []
    in_shell = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() == "```bash"
            continue
        m = in_shell and re.match(r"\s*strikemap ((?:[a-z][a-z-]*)(?: [a-z][a-z-|]*)?)", line)
        if m:
            words = m.group(1).split()
            for variant in words[-1].split("|"):
                commands.append([*words[:-1], variant])
    return commands


def test_every_documented_command_answers_help():
    commands = _documented_commands()
    assert ["geoparse"] in [c[:1] for c in commands]
    runner = CliRunner()
    for words in commands:
        # "strikemap ingest article.txt": only the command words before an argument.
        path: list[str] = []
        for w in words:
            probe = runner.invoke(main, [*path, w, "--help"])
            if probe.exit_code != 0:
                break
            path.append(w)
        assert path, f"README shows `strikemap {' '.join(words)}`, which is no command"

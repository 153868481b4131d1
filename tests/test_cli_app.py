"""`strikemap app`: the access policy it hands its server, and refusals of unsafe setups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from strikemap import process
from strikemap.cli import main

AUTH = """
[auth]
redirect_uri = "https://strikemap.example.org/oauth2callback"
cookie_secret = "s3cret"
client_id = "strikemap"
client_secret = "x"
server_metadata_url = "https://id.example.org/.well-known/openid-configuration"
"""


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(
        cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> int:
        calls.append({"cmd": list(cmd), "env": dict(env or {})})
        return 0

    monkeypatch.setattr(process, "run_forwarding_signals", fake_run)
    for var in ("STRIKEMAP_READ_ONLY", "STRIKEMAP_EDITORS", "STRIKEMAP_REQUIRE_LOGIN"):
        monkeypatch.delenv(var, raising=False)
    return calls


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, ["app", *args])


def test_loopback_is_editable(launched: list[dict[str, Any]]) -> None:
    result = _run()
    assert result.exit_code == 0, result.output
    env = launched[0]["env"]
    assert env["STRIKEMAP_READ_ONLY"] == "0" and env["STRIKEMAP_REQUIRE_LOGIN"] == "0"
    assert "local, editable" in result.output


def test_a_shared_address_serves_read_only(launched: list[dict[str, Any]]) -> None:
    result = _run("--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert launched[0]["env"]["STRIKEMAP_READ_ONLY"] == "1"
    assert "read-only" in result.output


def test_read_only_by_flag_or_setting(
    launched: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run("--read-only").exit_code == 0
    monkeypatch.setenv("STRIKEMAP_READ_ONLY", "1")
    assert _run().exit_code == 0
    assert [c["env"]["STRIKEMAP_READ_ONLY"] for c in launched] == ["1", "1"]


def test_shared_edits_without_sign_in_are_refused(launched: list[dict[str, Any]]) -> None:
    result = _run("--host", "0.0.0.0", "--allow-edits", "--editors", "a@x.org")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "sign-in" in result.output
    assert launched == []


def test_shared_edits_with_sign_in(launched: list[dict[str, Any]], tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    result = _run(
        "--host", "0.0.0.0", "--allow-edits", "--editors", "A@x.org", "--secrets", str(secrets)
    )
    assert result.exit_code == 0, result.output
    call = launched[0]
    assert call["env"]["STRIKEMAP_REQUIRE_LOGIN"] == "1"
    assert call["env"]["STRIKEMAP_EDITORS"] == "a@x.org"
    assert call["cmd"][call["cmd"].index("--secrets.files") + 1] == str(secrets.resolve())


def test_the_store_password_is_not_printed(launched: list[dict[str, Any]]) -> None:
    result = _run("--db", "postgresql+psycopg://writer:hunter2@db.example.org/strikemap")
    assert result.exit_code == 0
    assert "hunter2" not in result.output

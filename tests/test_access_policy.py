"""Who may edit: loopback tools edit, shared addresses read, editors sign in."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikemap.access import (
    AccessError,
    AccessPolicy,
    auth_configured,
    deployment_policy,
    is_loopback_host,
    parse_editors,
    policy_from_env,
    policy_to_env,
    resolve_role,
)

AUTH = """
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "s3cret"
client_id = "strikemap"
client_secret = "x"
server_metadata_url = "http://127.0.0.1:9400/.well-known/openid-configuration"
"""


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(AUTH, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("strikemap.example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.org"])
def test_a_shared_address_is_read_only_by_default(host: str) -> None:
    assert deployment_policy(host).read_only


def test_loopback_is_a_local_editable_tool() -> None:
    policy = deployment_policy("localhost")
    assert not policy.read_only and not policy.require_login


def test_read_only_wins_over_everything(secrets: Path) -> None:
    policy = deployment_policy(
        "0.0.0.0",
        read_only=True,
        allow_edits=True,
        editors=frozenset({"a@x.org"}),
        secrets_files=[secrets],
    )
    assert policy == AccessPolicy(read_only=True)


def test_edits_on_a_shared_address_need_login_and_editors(tmp_path: Path, secrets: Path) -> None:
    with pytest.raises(AccessError, match="sign-in"):
        deployment_policy("0.0.0.0", allow_edits=True, editors=frozenset({"a@x.org"}))
    with pytest.raises(AccessError, match="editors"):
        deployment_policy("0.0.0.0", allow_edits=True, secrets_files=[secrets])
    policy = deployment_policy(
        "0.0.0.0", allow_edits=True, editors=frozenset({"a@x.org"}), secrets_files=[secrets]
    )
    assert policy.require_login and policy.editors == {"a@x.org"}


def test_login_can_be_required_behind_a_reverse_proxy(secrets: Path) -> None:
    policy = deployment_policy(
        "127.0.0.1", require_login=True, editors=frozenset({"a@x.org"}), secrets_files=[secrets]
    )
    assert policy.require_login


def test_auth_configuration_is_recognised(tmp_path: Path, secrets: Path) -> None:
    assert auth_configured([tmp_path / "missing.toml", secrets])
    named = tmp_path / "named.toml"
    named.write_text(AUTH.replace("client_id", "[auth.corp]\nclient_id", 1), encoding="utf-8")
    assert auth_configured([named])
    partial = tmp_path / "partial.toml"
    partial.write_text('[auth]\nredirect_uri = "x"\n', encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("[auth\n", encoding="utf-8")
    assert not auth_configured([partial, broken])


def test_editors_list_parsing() -> None:
    assert parse_editors("A@x.org, b@y.org;c@z.org  not-an-address") == {
        "a@x.org",
        "b@y.org",
        "c@z.org",
    }
    assert parse_editors(None) == frozenset()


def test_policy_round_trips_through_the_environment(secrets: Path) -> None:
    for policy in (
        AccessPolicy(),
        AccessPolicy(read_only=True),
        AccessPolicy(require_login=True, editors=frozenset({"a@x.org", "b@y.org"})),
    ):
        assert policy_from_env(policy_to_env(policy)) == policy
    assert policy_from_env({}) == AccessPolicy()


SHARED = AccessPolicy(require_login=True, editors=frozenset({"a@x.org"}))


def test_roles() -> None:
    assert not resolve_role(AccessPolicy(read_only=True), None, "me").can_edit
    local = resolve_role(AccessPolicy(), None, "me")
    assert local.can_edit and local.editor == "local:me"
    assert not resolve_role(SHARED, None, "me").can_edit
    assert not resolve_role(SHARED, {"is_logged_in": False}, "me").can_edit
    stranger = resolve_role(SHARED, {"is_logged_in": True, "email": "b@x.org"}, "me")
    assert not stranger.can_edit and "not on" in stranger.reason
    unverified = {"is_logged_in": True, "email": "a@x.org", "email_verified": False}
    assert not resolve_role(SHARED, unverified, "me").can_edit
    editor = resolve_role(SHARED, {"is_logged_in": True, "email": "A@x.org"}, "me")
    assert editor.can_edit and editor.editor == "oidc:a@x.org"

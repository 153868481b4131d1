"""Who may change the store: read-only deployments, signed-in editors, local analysts.

A dashboard served on a loopback address is one analyst's own tool: it can edit, and the
audit log names the operating-system user. Served on any other address it is shared, so
it is **read-only** unless edits are allowed explicitly; then editors must sign in
(Streamlit's OIDC login, configured in ``.streamlit/secrets.toml``) with an e-mail
address on the editors list. A reverse proxy in front of a loopback server makes the
deployment shared too, which the ``require_login`` switch states.

The command line decides the policy (:func:`deployment_policy`) and hands it to the
Streamlit server through environment variables (:func:`policy_to_env`,
:func:`policy_from_env`); each browser session then gets its :class:`Role`
(:func:`resolve_role`).
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "AccessError",
    "AccessPolicy",
    "Role",
    "auth_configured",
    "deployment_policy",
    "is_loopback_host",
    "parse_editors",
    "policy_from_env",
    "policy_to_env",
    "resolve_role",
]

READ_ONLY_ENV = "STRIKEMAP_READ_ONLY"
LOGIN_ENV = "STRIKEMAP_REQUIRE_LOGIN"
EDITORS_ENV = "STRIKEMAP_EDITORS"

_TRUE = frozenset({"1", "true", "yes", "on"})
_AUTH_KEYS = ("redirect_uri", "cookie_secret")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


class AccessError(Exception):
    """A deployment that would let anyone write (the message is one line)."""


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    """How one dashboard server treats its users.

    Attributes
    ----------
    read_only
        Nobody edits; the store is opened read-only.
    require_login
        Editors must sign in and be on :attr:`editors`; everyone else only reads.
    editors
        Allow-listed e-mail addresses, lower case.
    """

    read_only: bool = False
    require_login: bool = False
    editors: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Role:
    """What one browser session may do.

    Attributes
    ----------
    can_edit
        Add, correct and delete are offered.
    editor
        The name recorded in the audit log (``local:<user>`` or ``oidc:<e-mail>``).
    reason
        Why editing is not offered (shown to the user), empty for editors.
    """

    can_edit: bool
    editor: str | None
    reason: str = ""


def is_loopback_host(host: str) -> bool:
    """Return whether ``host`` (a name or address to listen on) is loopback only."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_editors(values: Iterable[str] | str | None) -> frozenset[str]:
    """Return the e-mail addresses in ``values`` (comma- or space-separated), lower case."""
    if values is None:
        return frozenset()
    items = [values] if isinstance(values, str) else list(values)
    found = (part for item in items for part in re.split(r"[\s,;]+", item))
    return frozenset(p.lower() for p in found if "@" in p)


def auth_configured(secrets_files: Iterable[Path]) -> bool:
    """Return whether one of ``secrets_files`` configures Streamlit's OIDC login.

    Streamlit needs ``[auth]`` with ``redirect_uri`` and ``cookie_secret``, and the
    provider's ``client_id``, ``client_secret`` and ``server_metadata_url`` either in
    ``[auth]`` itself or in one named provider section (``[auth.NAME]``).
    """
    for path in secrets_files:
        try:
            auth = tomllib.loads(path.read_text(encoding="utf-8")).get("auth")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if not isinstance(auth, dict) or not all(auth.get(k) for k in _AUTH_KEYS):
            continue
        sections = [auth, *(v for v in auth.values() if isinstance(v, dict))]
        if any(all(s.get(k) for k in _PROVIDER_KEYS) for s in sections):
            return True
    return False


def deployment_policy(
    host: str,
    *,
    read_only: bool = False,
    allow_edits: bool = False,
    require_login: bool = False,
    editors: frozenset[str] = frozenset(),
    secrets_files: Iterable[Path] = (),
) -> AccessPolicy:
    """Decide how a server listening on ``host`` treats its users.

    Parameters
    ----------
    host
        The address the server listens on.
    read_only
        Asked for explicitly: wins over everything else.
    allow_edits
        Allow edits on a non-loopback address (editors then sign in).
    require_login
        Editors sign in even on a loopback address (behind a reverse proxy).
    editors
        The e-mail allow-list.
    secrets_files
        Streamlit secrets files to look for the login configuration in.

    Raises
    ------
    AccessError
        Edits that need sign-in, without a login configuration or without editors.
    """
    if read_only:
        return AccessPolicy(read_only=True)
    shared = not is_loopback_host(host)
    if shared and not allow_edits:
        return AccessPolicy(read_only=True)
    if not (shared or require_login):
        return AccessPolicy()
    if not auth_configured(secrets_files):
        raise AccessError(
            "edits on a shared dashboard need sign-in: configure [auth] in "
            ".streamlit/secrets.toml (docs/deploy.md), or serve it with --read-only"
        )
    if not editors:
        raise AccessError(
            "edits on a shared dashboard need an editors list: --editors a@x.org,b@y.org "
            f"or {EDITORS_ENV}"
        )
    return AccessPolicy(require_login=True, editors=editors)


def policy_to_env(policy: AccessPolicy) -> dict[str, str]:
    """Return the environment variables that carry ``policy`` to the server process."""
    return {
        READ_ONLY_ENV: "1" if policy.read_only else "0",
        LOGIN_ENV: "1" if policy.require_login else "0",
        EDITORS_ENV: ",".join(sorted(policy.editors)),
    }


def policy_from_env(env: Mapping[str, str]) -> AccessPolicy:
    """Read the policy from environment variables (unset means a local, editable tool)."""
    read_only = env.get(READ_ONLY_ENV, "").strip().lower() in _TRUE
    require_login = env.get(LOGIN_ENV, "").strip().lower() in _TRUE
    editors = parse_editors(env.get(EDITORS_ENV))
    if read_only:
        return AccessPolicy(read_only=True)
    return AccessPolicy(require_login=require_login, editors=editors)


def resolve_role(policy: AccessPolicy, user: Mapping[str, Any] | None, local_user: str) -> Role:
    """Return what a session may do under ``policy``.

    Parameters
    ----------
    policy
        The server's policy.
    user
        The signed-in user's claims (``st.user``): ``is_logged_in``, ``email`` and, when
        the provider sends it, ``email_verified``. ``None`` when nobody signed in.
    local_user
        The operating-system user, recorded for a local tool.
    """
    if policy.read_only:
        return Role(False, None, "this dashboard is read-only")
    if not policy.require_login:
        return Role(True, f"local:{local_user}")
    if not user or not user.get("is_logged_in"):
        return Role(False, None, "sign in to add or correct reports")
    email = str(user.get("email") or "").strip().lower()
    if not email:
        return Role(False, None, "your sign-in gave no e-mail address")
    if user.get("email_verified") is False:
        return Role(False, None, f"{email} is not verified by the sign-in provider")
    if email not in policy.editors:
        return Role(False, None, f"{email} is not on this dashboard's editors list")
    return Role(True, f"oidc:{email}")

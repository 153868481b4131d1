"""A browser session's role: who is editing, or why editing is not offered."""

from __future__ import annotations

import getpass
import os
from typing import Any

import streamlit as st

from strikemap.access import AccessPolicy, Role, policy_from_env, resolve_role
from strikemap.dashboard.plain_text import markdown_text

__all__ = ["current_policy", "current_role", "sign_in_controls"]


def current_policy() -> AccessPolicy:
    """Return the server's policy, as ``strikemap app`` passed it in the environment."""
    return policy_from_env(os.environ)


def _signed_in_user() -> dict[str, Any] | None:
    user = getattr(st, "user", None)
    if user is None:
        return None
    try:
        return dict(user.to_dict())
    except (AttributeError, KeyError, RuntimeError):
        return None


def current_role() -> Role:
    """Return what this session may do (read-only, a signed-in editor, the local user)."""
    policy = current_policy()
    user = _signed_in_user() if policy.require_login else None
    try:
        local = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        local = "unknown"
    return resolve_role(policy, user, local)


def sign_in_controls(role: Role) -> None:
    """Draw sign-in / sign-out in the sidebar when the deployment asks editors to sign in."""
    policy = current_policy()
    if not policy.require_login:
        if policy.read_only:
            st.sidebar.caption("Read-only dashboard.")
        return
    user = _signed_in_user() or {}
    if user.get("is_logged_in"):
        name = markdown_text(user.get("email") or user.get("name") or "signed in")
        st.sidebar.caption(f"Signed in as {name}" + ("" if role.can_edit else " (viewer)"))
        if not role.can_edit:
            st.sidebar.caption(markdown_text(role.reason))
        st.sidebar.button("Sign out", on_click=st.logout, key="sm_sign_out")
    else:
        st.sidebar.button("Sign in to edit", on_click=st.login, key="sm_sign_in")

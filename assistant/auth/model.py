"""The records of sign-in and access: roles, accounts, and the viewer of one request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["reader", "editor", "admin"]
#: Each role may do what the roles before it may: a reader asks and reads, an editor also
#: changes documents, an admin also manages accounts and reads the audit trail.
ROLES: tuple[Role, ...] = ("reader", "editor", "admin")
#: How a request was signed in.
Via = Literal["open", "service", "token", "session", "proxy"]


def role_allows(role: Role, needed: Role) -> bool:
    return ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class User:
    """One local account (never its password hash or tokens)."""

    name: str
    role: Role
    groups: tuple[str, ...] = ()
    disabled: bool = False
    created: str = ""


@dataclass(frozen=True)
class Viewer:
    """Who makes a request, and so which documents they may see.

    ``sees_all`` is the view with no access rule: DOCQA_AUTH=off (one person on one machine)
    and the shared service token (DOCQA_API_TOKEN). Anyone else sees the documents with no
    group and those of their ``groups``.
    """

    name: str | None
    role: Role
    groups: frozenset[str] = field(default_factory=frozenset)
    sees_all: bool = False
    via: Via = "open"
    #: The session's CSRF token, which every state-changing request of that session must carry.
    csrf: str | None = None

    @classmethod
    def everyone(cls) -> Viewer:
        """DOCQA_AUTH=off: no sign-in, every document, every action (today's single-user docqa)."""
        return cls(name=None, role="admin", sees_all=True, via="open")

    @classmethod
    def service(cls) -> Viewer:
        """The shared DOCQA_API_TOKEN with DOCQA_AUTH=local: scripts that ask and change documents."""
        return cls(name="service", role="editor", sees_all=True, via="service")

    @classmethod
    def of(cls, user: User, via: Via, csrf: str | None = None) -> Viewer:
        return cls(name=user.name, role=user.role, groups=frozenset(user.groups), via=via, csrf=csrf)

    def may(self, needed: Role) -> bool:
        return role_allows(self.role, needed)

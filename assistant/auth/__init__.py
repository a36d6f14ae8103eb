"""Sign-in and accounts (DOCQA_AUTH=local): local accounts with roles and access groups,
argon2id password hashes, per-user API tokens and sessions, in the data directory's
``auth.sqlite``. The API's side of it is :mod:`assistant.api.auth`.
"""

from assistant.auth.accounts import Accounts, SignedIn
from assistant.auth.model import ROLES, Role, User, Viewer, role_allows

__all__ = ["ROLES", "Accounts", "Role", "SignedIn", "User", "Viewer", "role_allows"]

"""``docqa users``: local accounts for DOCQA_AUTH=local.

    docqa users add NAME --group G [--group G2] [--role reader|editor|admin]   (password on stdin)
    docqa users reset NAME        a new password from stdin; the account's sessions end
    docqa users token NAME        print a new API token (Authorization: Bearer …); --revoke drops them all
    docqa users list [--json]
    docqa users disable NAME | enable NAME
    docqa users groups NAME [--group G ...]   print the groups, or set them
    docqa users role NAME ROLE

The password is the first line of standard input (typed, or piped by a script), so it never
appears in the process list or the shell history.
"""

from __future__ import annotations

import getpass
import json
import sys

from ingest.core.errors import ConfigError

ROLE_CHOICES = ("reader", "editor", "admin")


def add_users_command(sub) -> None:
    p = sub.add_parser("users", help="local accounts for DOCQA_AUTH=local (add, reset, token, list, disable, groups)")
    users = p.add_subparsers(dest="users_command", required=True)

    def named(name: str, help_text: str):
        q = users.add_parser(name, help=help_text)
        q.add_argument("name", help="the account name")
        return q

    q = named("add", "add an account; its password is read from standard input")
    q.add_argument("--group", action="append", default=[], help="an access group of the account (repeat for more)")
    q.add_argument("--role", choices=ROLE_CHOICES, default="reader", help="reader (default), editor or admin")
    named("reset", "set a new password, read from standard input; the account's sessions end")
    q = named("token", "print a new API token for the account")
    q.add_argument("--revoke", action="store_true", help="revoke every token of the account instead")
    q = users.add_parser("list", help="list the accounts")
    q.add_argument("--json", action="store_true", help="print one JSON array")
    named("disable", "disable an account: its sessions end, its password and tokens stop working")
    named("enable", "enable a disabled account again")
    q = named("groups", "print the account's access groups, or set them with --group")
    q.add_argument("--group", action="append", default=None, help="the groups to set (repeat for more)")
    q = named("role", "change the account's role")
    q.add_argument("role", choices=ROLE_CHOICES)
    p.set_defaults(handler=cmd_users)


def read_password(prompt: str = "password: ") -> str:
    """The first line of standard input (without echo on a terminal)."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("again: ") != first:
            raise ConfigError("the two passwords differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise ConfigError("no password on standard input")
    return line.rstrip("\r\n")


def describe(user) -> str:
    state = " (disabled)" if user.disabled else ""
    return f"{user.name}\t{user.role}\t{','.join(user.groups) or '-'}{state}"


def cmd_users(args) -> int:
    from assistant.auth import Accounts
    from assistant.cli_audit import open_trail
    from ingest.core.settings import get_settings

    accounts = Accounts.from_settings(get_settings())
    store = accounts.users
    command = args.users_command
    change: dict | None = None
    try:
        if command == "add":
            password = accounts.passwords.hash(read_password())
            user = store.add(args.name, password, args.role, tuple(args.group))
            print(describe(user))
            change = {"role": user.role, "groups": list(user.groups)}
        elif command == "reset":
            store.require(args.name)
            store.set_password(args.name, accounts.passwords.hash(read_password()))
            print(f"{args.name}: password changed, sessions ended")
            change = {}
        elif command == "token":
            if args.revoke:
                print(f"{args.name}: {store.revoke_tokens(args.name)} tokens revoked")
                command = "revoke"
            else:
                print(store.new_token(args.name))
            change = {}
        elif command == "list":
            users = store.all()
            if args.json:
                print(json.dumps([
                    {"name": u.name, "role": u.role, "groups": list(u.groups), "disabled": u.disabled, "created": u.created}
                    for u in users
                ], ensure_ascii=False))
            else:
                for user in users:
                    print(describe(user))
        elif command in ("disable", "enable"):
            print(describe(store.set_disabled(args.name, command == "disable")))
            change = {}
        elif command == "groups":
            if args.group is not None:
                user = store.set_groups(args.name, tuple(args.group))
                change = {"groups": list(user.groups)}
            else:
                user = store.require(args.name)
            print(describe(user))
        elif command == "role":
            print(describe(store.set_role(args.name, args.role)))
            change = {"role": args.role}
    finally:
        accounts.close()
    if change is not None:
        trail = open_trail()
        try:
            trail.append("user_change", operator(), "cli", account=args.name, change=command, **change)
        finally:
            trail.close()
    return 0


def operator() -> str:
    """Who ran the command: the account of the operating system (the audit trail's user)."""
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:?"

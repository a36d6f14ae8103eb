"""``docqa serve``: the HTTP API and chat UI under uvicorn.

Registered by :func:`assistant.cli.build_parser` through :func:`add_serve_command`.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from ingest.core.errors import ConfigError

APP_FACTORY = "assistant.api:create_app"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str:
    bar = "!" * 72
    return (
        f"{bar}\n"
        f"docqa: WARNING: serving on {host}:{port}, which other machines can reach, WITHOUT an API token.\n"
        "docqa: Anyone on the network can query the documents and read the feedback.\n"
        "docqa: Set DOCQA_API_TOKEN (and put TLS in front), or bind to 127.0.0.1.\n"
        f"{bar}"
    )


def add_serve_command(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API and the chat UI",
        description="Serve the HTTP API (/api, /v1) and the chat UI (/) with uvicorn.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--host", help="address to bind (default: DOCQA_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default: DOCQA_PORT, 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes; more than 1 needs a Chroma server (DOCQA_CHROMA_URL)",
    )
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args) -> int:
    import uvicorn

    from assistant.api.server import RESERVED_FDS, raise_open_file_limit, uvicorn_options
    from ingest.core.settings import get_settings

    settings = get_settings()
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    if not 1 <= port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    if args.workers > 1 and not settings.chroma_url:
        raise ConfigError(
            f"--workers {args.workers} needs a Chroma server: the embedded Chroma in the data directory is not "
            "safe to open from several processes. Start `chroma run` and set DOCQA_CHROMA_URL, or use --workers 1."
        )
    if not is_loopback(host) and not settings.api_token:
        print(exposure_warning(host, port), file=sys.stderr)
    if not is_loopback(host) and "*" not in settings.trusted_hosts:
        print(
            f"docqa: requests must name one of {', '.join(settings.trusted_hosts)} as their host "
            "(DOCQA_TRUSTED_HOSTS); add the name or address clients use for this server",
            file=sys.stderr,
        )
    files = raise_open_file_limit(settings.max_connections)
    if files - RESERVED_FDS < settings.max_connections:
        print(
            f"docqa: the open-file limit is {files}, so at most {max(1, files - RESERVED_FDS)} connections are "
            f"served at once, not DOCQA_MAX_CONNECTIONS={settings.max_connections} (raise `ulimit -n`)",
            file=sys.stderr,
        )
    print(f"docqa: serving on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        log_level="info",
        **uvicorn_options(settings),
    )
    return 0

"""``docqa serve``: argument handling, the exposure warning and the multi-worker refusal."""

from __future__ import annotations

import argparse

import pytest

from assistant.cli_serve import add_serve_command, is_loopback
from ingest.core.errors import ConfigError
from ingest.core.settings import get_settings

pytestmark = pytest.mark.unit


@pytest.fixture()
def serve(monkeypatch, tmp_path):
    """Runs ``docqa serve ARGS`` with uvicorn.run recorded instead of called; returns its kwargs."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv("DOCQA_DATA_DIR", str(tmp_path))
    for name in ("DOCQA_API_TOKEN", "DOCQA_CHROMA_URL", "DOCQA_HOST", "DOCQA_PORT"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()

    def run(*argv: str, **env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        parser = argparse.ArgumentParser(prog="docqa")
        add_serve_command(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["serve", *argv])
        assert args.handler(args) == 0
        return calls[-1]

    yield run
    get_settings.cache_clear()


def test_defaults_come_from_the_settings(serve, capsys):
    app, kwargs = serve()
    assert app == "assistant.api:create_app" and kwargs["factory"] is True
    assert (kwargs["host"], kwargs["port"], kwargs["workers"]) == ("127.0.0.1", 8000, 1)
    assert "WARNING" not in capsys.readouterr().err


def test_options_override(serve):
    _, kwargs = serve("--host", "::1", "--port", "9001", DOCQA_PORT="8100")
    assert (kwargs["host"], kwargs["port"]) == ("::1", 9001)


def test_public_address_without_token_warns_loudly(serve, capsys):
    serve("--host", "0.0.0.0")
    err = capsys.readouterr().err
    assert "WARNING" in err and "DOCQA_API_TOKEN" in err and "0.0.0.0:8000" in err


def test_public_address_with_token_does_not_warn(serve, capsys):
    serve("--host", "0.0.0.0", DOCQA_API_TOKEN="s3cret")
    assert "WARNING" not in capsys.readouterr().err


def test_several_workers_need_a_chroma_server(serve):
    with pytest.raises(ConfigError, match="DOCQA_CHROMA_URL"):
        serve("--workers", "2")
    _, kwargs = serve("--workers", "3", DOCQA_CHROMA_URL="http://127.0.0.1:8001")
    assert kwargs["workers"] == 3


def test_bad_numbers_are_refused(serve):
    with pytest.raises(ConfigError):
        serve("--workers", "0")
    with pytest.raises(ConfigError):
        serve("--port", "70000")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback

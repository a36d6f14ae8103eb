"""Trusted hosts: a request naming another host is refused, so DNS rebinding cannot reach the API.

Bug shown here (issue 15): any ``Host`` header was served, with no token by default, so a
web page could point a name of its own at 127.0.0.1 and read the documents; ``/api/ask/``
redirected to whatever ``Host`` was sent.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.hosts import host_allowed, host_name
from ingest.core.settings import LOOPBACK_HOSTS
from tests.assistant.api import assert_route_error, make_app

pytestmark = pytest.mark.integration


@pytest.fixture()
def client(tmp_path):
    # The shipped default: loopback names only, and no API token.
    with TestClient(make_app(tmp_path, api_token=None, trusted_hosts=list(LOOPBACK_HOSTS))) as client:
        yield client


@pytest.mark.parametrize("path", ["/health", "/api/documents", "/api/ask/", "/", "/v1/models"])
@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example", ""])
def test_an_untrusted_host_is_refused_in_the_error_shape_of_the_path(client, path, host):
    response = client.get(path, headers={"Host": host}, follow_redirects=False)
    assert assert_route_error(path, response, 400, "untrusted_host")["message"].endswith("(DOCQA_TRUSTED_HOSTS)")
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000", "localhost."])
def test_loopback_names_are_served(client, host):
    assert client.get("/health", headers={"Host": host}).status_code == 200


def test_a_redirect_stays_on_a_trusted_host(client):
    response = client.post("/api/ask/", json={"question": "q"}, headers={"Host": "127.0.0.1:8000"}, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"].startswith("http://127.0.0.1:8000/api/ask")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("header", "patterns", "allowed"),
    [
        ("docs.city.example", ["*.city.example"], True),
        ("city.example", ["*.city.example"], False),
        ("evilcity.example", ["*.city.example"], False),
        ("anything", ["*"], True),
        ("192.168.1.5:8000", ["192.168.1.5"], True),
        (None, list(LOOPBACK_HOSTS), False),
    ],
)
def test_host_patterns(header, patterns, allowed):
    assert host_allowed(header, patterns) is allowed


@pytest.mark.unit
def test_host_name_drops_the_port():
    assert [host_name(h) for h in ("[::1]:80", "Example.ORG:443", "::1", "a.b.")] == ["::1", "example.org", "::1", "a.b"]

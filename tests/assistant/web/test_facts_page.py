"""The 協定・覚書一覧 page in headless Chromium, over the real corpus index (no token set)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from assistant.api import create_app
from tests.assistant.api import live_server
from tests.assistant.web.test_browser import SHOTS, browser, page_for  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOT = SHOTS / "docqa_facts.png"


@pytest.fixture(scope="module")
def corpus_server(corpus_settings, corpus_assistant):
    with live_server(create_app(corpus_settings, corpus_assistant)) as base_url:
        yield base_url


def test_facts_table_filters_and_opens_the_passage(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    page.click("#tab-facts")
    page.wait_for_selector("#facts-table tbody tr")
    assert page.locator("#facts-table tbody tr").count() >= 20
    wanted = len(httpx.get(corpus_server + "/api/facts", params={"partner": "EEC"}).json())
    assert wanted >= 2
    page.fill("#facts-partner", "EEC")
    page.click("#facts-filter button[type=submit]")
    rows = page.locator("#facts-table tbody tr")
    # expect() polls from Playwright's side: the page's CSP forbids evaluating strings.
    expect(rows).to_have_count(wanted)
    expect(page.locator("#facts-status")).to_contain_text(f"{wanted}件")
    assert all("東部経済回廊事務局" in rows.nth(i).inner_text() for i in range(rows.count()))
    rows.first.locator("button").click()
    mark = page.locator("#source-text mark")
    mark.wait_for()
    assert "覚書" in mark.inner_text()
    page.screenshot(path=str(SCREENSHOT))

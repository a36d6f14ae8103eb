"""Sign-in end to end in headless Chromium (DOCQA_AUTH=local): a reader signs in, asks and sees
only the sources of the documents they may see; an editor uploads a document into a group
through the 文書管理 page; an admin exports the audit CSV and finds the reader's question."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from assistant.api import create_app
from assistant.service import Assistant
from ingest.pipeline import run_ingest
from tests.assistant.api import live_server
from tests.assistant.auth import PASSWORD, add_user, auth_settings
from tests.assistant.web.test_browser import SHOTS, browser  # noqa: F401 - the browser fixture
from tests.assistant.web.test_library import ask
from tests.conftest import write_docs

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

QUESTION = "覚書を締結した都市はどこですか？"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("signin")
    settings = auth_settings(root / "data")
    public = write_docs(root / "public", {"public.txt": "大阪市は2013年にホーチミン市と覚書を締結した。\n"})
    secret = write_docs(root / "secret", {"secret.txt": "川崎市は2016年にバンドン市と覚書を締結した。\n"})
    run_ingest([public], settings)
    run_ingest([secret], settings, groups=["国際課"])
    add_user(settings, "suzuki")
    add_user(settings, "tanaka", role="editor", groups=("国際課",))
    add_user(settings, "yamada", role="admin")
    with live_server(create_app(settings, Assistant.from_settings(settings, with_models=False))) as base_url:
        yield base_url, root


def signed_in(browser, base_url, name):  # noqa: F811
    context = browser.new_context(locale="ja-JP", viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/")
    expect(page).to_have_url(base_url + "/signin")
    page.get_by_label("ユーザー名").fill(name)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    expect(page).to_have_url(base_url + "/")
    expect(page.locator("#account-name")).to_have_text(name)
    return context, page


def test_a_reader_signs_in_asks_and_sees_only_allowed_sources(browser, server):  # noqa: F811
    base_url, _ = server
    SHOTS.mkdir(exist_ok=True)
    context, page = signed_in(browser, base_url, "suzuki")
    problems = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    answer = ask(page, QUESTION)
    expect(answer).to_contain_text("ホーチミン市")
    text = page.locator("#conversation").inner_text()
    assert "バンドン" not in text and "secret.txt" not in text
    page.screenshot(path=str(SHOTS / "docqa_signed_in.png"))
    page.goto(base_url + "/#/documents")
    expect(page.locator("#documents-table tbody")).to_contain_text("public.txt")
    assert "secret.txt" not in page.locator("#documents-table").inner_text()
    page.get_by_role("button", name="サインアウト").click()
    expect(page).to_have_url(base_url + "/signin")
    assert page.request.get(base_url + "/api/documents").status == 401
    context.close()
    assert problems == []


def test_a_wrong_password_says_so_without_naming_which(browser, server):  # noqa: F811
    base_url, _ = server
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(base_url + "/signin")
    page.get_by_label("ユーザー名").fill("suzuki")
    page.get_by_label("パスワード").fill("not the password")
    page.get_by_role("button", name="サインイン").click()
    expect(page.locator("#signin-error")).to_have_text("ユーザー名またはパスワードが違います。")
    context.close()


def test_an_editor_uploads_into_a_group_that_a_reader_does_not_see(browser, server):  # noqa: F811
    base_url, root = server
    context, page = signed_in(browser, base_url, "tanaka")
    upload = root / "kokusai-plan.txt"
    upload.write_text("国際課の計画では2027年にペナン市と覚書を結ぶ予定である。\n", encoding="utf-8")
    page.goto(base_url + "/#/documents")
    page.locator("#upload-files").set_input_files([str(upload)])
    page.locator("#upload-groups").fill("国際課")
    page.get_by_role("button", name="登録する").click()
    job = page.locator(".job").first
    expect(job).to_have_attribute("data-state", "done", timeout=120_000)
    expect(page.locator("#documents-table tbody")).to_contain_text("kokusai-plan.txt")
    context.close()
    context, page = signed_in(browser, base_url, "suzuki")
    listed = page.request.get(base_url + "/api/documents").json()
    assert [d["doc"] for d in listed] == ["public.txt"]
    context.close()


def test_an_admin_exports_the_audit_csv_and_finds_the_question(browser, server):  # noqa: F811
    base_url, _ = server
    context, page = signed_in(browser, base_url, "yamada")
    response = page.request.get(base_url + "/api/audit.csv")
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    asked = [r for r in rows if r["event"] == "question" and r["question"] == QUESTION]
    assert asked and asked[0]["user"] == "suzuki" and "public.txt" in asked[0]["documents"]
    assert any(r["event"] == "upload" and r["user"] == "tanaka" for r in rows)
    context.close()
    context, page = signed_in(browser, base_url, "suzuki")
    assert page.request.get(base_url + "/api/audit.csv").status == 403
    context.close()

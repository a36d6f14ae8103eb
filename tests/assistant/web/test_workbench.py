"""The chat UI as a staff member's workbench, in headless Chromium over the real corpus index:
copy for a council answer, list answers without repetition, exact quotes, conversations kept,
filter chips, the agreements page, keyboard-only use and axe-core. Screenshots of each state
go to ``tests/assistant/web/screenshots/``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant.api import create_app
from tests.assistant.api import live_server
from tests.assistant.web.test_browser import SHOTS, browser, page_for  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.browser, pytest.mark.integration]

AXE = Path(__file__).resolve().parents[3] / ".node" / "node_modules" / "axe-core" / "axe.min.js"
OSAKA_LIST = "大阪市はどの都市と覚書（MOU）を締結していますか？"
BANDUNG_DATE = "川崎市とバンドン市の覚書はいつ締結された？"
#: Pictographs and emoji presentation: none may stand in a control's label.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


@pytest.fixture(scope="module")
def corpus_server(corpus_settings, corpus_assistant):
    SHOTS.mkdir(exist_ok=True)
    with live_server(create_app(corpus_settings, corpus_assistant)) as base_url:
        yield base_url


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"workbench_{name}.png"))


def ask(page, question: str):
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")
    answers = page.locator(".message.assistant")
    expect(answers.last.locator(".actions")).to_be_visible()
    return answers.nth(answers.count() - 1)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it stands."""
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing (run `make browser`)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # through the DevTools protocol: the CSP stays on
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def copy_of(page, answer, action: str) -> str:
    answer.locator(f"[data-action={action}]").click()
    expect(answer.locator(".action-status")).to_have_text("コピーしました")
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_for_a_council_answer_numbers_every_marker_and_quotes_every_source(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    answer = ask(page, OSAKA_LIST)
    shot(page, "list_answer")
    text = copy_of(page, answer, "copy")
    body, _, sources = text.partition("\n出典：\n")
    markers = set(re.findall(r"［(\d+)］", body))
    blocks = re.split(r"^　［(\d+)］.*$", sources, flags=re.MULTILINE)
    numbered = dict(zip(blocks[1::2], blocks[2::2], strict=True))
    assert markers and markers == set(numbered)  # every marker has its source, and no source is unused
    for n, block in numbered.items():
        assert re.search(r"^　　「.+」$", block, re.MULTILINE), f"source {n} quotes nothing"
    assert sources.startswith("　環境を通した広域連携・国際協力（大阪市 環境局")  # one title over its passages
    assert sources.count("環境を通した広域連携・国際協力") == 1
    # The numbers on screen are the copied ones.
    on_screen = {b.inner_text() for b in answer.locator(".answer-text .cite").all()}
    assert on_screen == markers

    markdown = copy_of(page, answer, "copy-markdown")
    notes = set(re.findall(r"^\[\^(\d+)\]: ", markdown, re.MULTILINE))
    assert notes == set(re.findall(r"\[\^(\d+)\](?!:)", markdown)) == markers

    with page.expect_download() as download:
        answer.locator("[data-action=docx]").click()
    assert download.value.suggested_filename == "draft.docx"


def test_a_list_answer_shows_no_identical_source_rows_and_no_event_twice(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    answer = ask(page, OSAKA_LIST)
    rows = [r.inner_text() for r in answer.locator(".source-link").all()]
    assert len(rows) == len(set(rows)) and len(rows) >= 5
    for line in answer.locator(".answer-text").inner_text().splitlines()[1:]:
        events = [e.strip() for e in re.sub(r"\d+\s*$", "", line.split(":", 1)[1]).split("、")]
        years = [(e.split(" ")[0][:5], e.split(" ")[-1]) for e in events]
        assert len(years) == len(set(years)), line
    # One line per agreement: the two ホーチミン市 memoranda named differently are not one line.
    assert answer.locator(".answer-text").inner_text().count("・ホーチミン市") >= 2


def test_the_highlight_is_the_quoted_sentence_with_the_title_in_view(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    answer = ask(page, BANDUNG_DATE)
    first = answer.locator(".answer-text .cite").first
    first.click()
    mark = page.locator("#source-text mark")
    mark.wait_for()
    quoted = mark.inner_text()
    passage = page.locator("#source-text .passage").all_inner_texts()
    assert "2016年2月18日" in quoted and quoted.endswith("締結した。")
    assert passage and sum(map(len, passage)) > len(quoted)  # the passage goes on around the quote
    assert "\n" not in quoted  # the PDF's lines broken inside the sentence are joined for reading
    panel = page.locator("#source-panel").bounding_box()
    title = page.locator("#source-title")
    expect(title).to_be_in_viewport()
    expect(mark).to_be_in_viewport()
    box = title.bounding_box()
    assert panel["y"] <= box["y"] and box["y"] + box["height"] <= mark.bounding_box()["y"]
    meta = page.locator("#source-meta").inner_text()
    assert "川崎市" in meta and "2024" in meta and "5.2 インドネシア共和国バンドン市との連携・協力" in meta
    expect(page.locator("#source-title")).to_be_focused()
    shot(page, "panel_quote")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(first).to_be_focused()  # focus returns to the marker that opened the panel


def test_a_reload_returns_to_the_conversation_which_can_be_renamed_exported_and_deleted(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    answer = ask(page, BANDUNG_DATE)
    answer_text = answer.locator(".answer-text").inner_text()
    ask(page, "それはいつ延長されましたか？")
    page.reload()
    messages = page.locator(".message.assistant .answer-text")
    expect(messages).to_have_count(2)
    assert messages.first.inner_text() == answer_text
    expect(page.locator(".message.user").first).to_have_text(re.compile("バンドン市"))
    items = page.locator("#history-list li")
    expect(items).to_have_count(1)
    shot(page, "reloaded")

    # Rename, then a second conversation, then back to the first.
    items.first.get_by_role("button", name=re.compile("^名前を変更")).click()
    page.locator("#rename-input").fill("バンドン市との覚書")
    page.locator("#rename-dialog button[value=ok]").click()
    expect(page.locator("#history-list")).to_contain_text("バンドン市との覚書")
    page.locator("#new-chat").click()
    ask(page, OSAKA_LIST)
    expect(items).to_have_count(2)
    page.get_by_role("button", name="会話を開く: バンドン市との覚書").click()
    expect(page.locator(".message.assistant")).to_have_count(2)

    with page.expect_download() as md:
        page.locator("#export-md").click()
    markdown = Path(md.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# バンドン市との覚書") and "## 川崎市とバンドン市の覚書はいつ締結された？" in markdown
    assert "[^1-1]:" in markdown and "[^2-1]:" in markdown
    with page.expect_download() as js:
        page.locator("#export-json").click()
    exported = json.loads(Path(js.value.path()).read_text(encoding="utf-8"))
    assert [t["question"] for t in exported["turns"]] == [BANDUNG_DATE, "それはいつ延長されましたか？"]
    assert exported["turns"][0]["sources"][0]["quotes"]
    shot(page, "history")

    items.first.get_by_role("button", name=re.compile("^削除")).click()
    expect(items).to_have_count(1)
    page.reload()
    expect(items).to_have_count(1)


def test_filter_chips_send_the_filters_and_controls_are_svg_not_emoji(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    bodies = []
    page.on("request", lambda r: r.url.endswith("/api/chat") and bodies.append(json.loads(r.post_data)))
    chips = page.locator("#filters .chip")
    expect(chips).to_have_count(4)
    page.locator("#filter-documents").select_option("kawasaki-env-yearbook-ch3-intl-contribution-fy2023.txt")
    page.locator("#filter-year").select_option("2024")
    expect(page.locator("#filters .chip.active")).to_have_count(2)
    shot(page, "filters")
    answer = ask(page, BANDUNG_DATE)
    assert bodies[-1]["filters"] == {"documents": ["kawasaki-env-yearbook-ch3-intl-contribution-fy2023.txt"], "year": 2024}
    page.get_by_role("button", name="年の絞り込みを解除").click()
    expect(page.locator("#filters .chip.active")).to_have_count(1)

    for button in answer.locator("[data-rating]").all():
        assert button.locator("svg").count() == 1
    for label in page.locator("button").all_inner_texts():
        assert not EMOJI.search(label), label
    assert axe_violations(page) == []


def test_keyboard_only_use_with_visible_focus(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    expect(page.locator("#question")).to_be_focused()  # where the page puts the keyboard
    page.keyboard.type(BANDUNG_DATE)
    page.keyboard.press("Enter")
    answer = page.locator(".message.assistant").last
    expect(answer.locator(".actions")).to_be_visible()
    marker = answer.locator(".answer-text .cite").first
    # Tab from the question box backwards reaches the answer's controls; forwards the chips.
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if marker.evaluate("el => el === document.activeElement"):
            break
    expect(marker).to_be_focused()
    outline = marker.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Enter")
    expect(page.locator("#source-title")).to_be_focused()
    page.locator("#source-text mark").wait_for()
    shot(page, "keyboard_panel")
    page.keyboard.press("Escape")
    expect(marker).to_be_focused()
    page.locator("#question").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#filter-documents")).to_be_focused()


def test_agreements_page_sorts_exports_and_passes_axe(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    page.click("#tab-facts")
    rows = page.locator("#facts-table tbody tr")
    rows.first.wait_for()
    assert axe_violations(page) == []
    header = page.locator("#facts-table th[data-sort=date]")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    first_dates = [tuple(map(int, re.findall(r"\d+", rows.nth(i).locator("td").nth(5).inner_text()))) for i in range(4)]
    assert first_dates == sorted(first_dates, reverse=True)
    # No undated duplicate of a dated row (川崎市—バンドン市 締結).
    bandung = [r for r in rows.all_inner_texts() if "バンドン市" in r and "覚書" in r]
    assert bandung and all(re.search(r"\d{4}年", r) for r in bandung)
    # 大阪市 and the partner names stay on one line (the long cells wrap instead).
    for cell in (rows.first.locator("td").nth(0), rows.first.locator("td").nth(1)):
        assert cell.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
        assert cell.evaluate("el => el.scrollWidth <= el.clientWidth")
    shot(page, "agreements_sorted")

    page.fill("#facts-subject", "大阪市")
    page.click("#facts-filter button[type=submit]")
    expect(page.locator("#facts-status")).to_contain_text("件")
    shown = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    with page.expect_download() as download:
        page.click("#facts-csv")
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert table[0][:2] == ["主体", "相手"] and [r[1] for r in table[1:]] == shown
    with page.expect_download() as xlsx:
        page.click("#facts-xlsx")
    assert xlsx.value.suggested_filename == "agreements.xlsx"


def test_documents_page_passes_axe(page_for, corpus_server):  # noqa: F811
    page = page_for(corpus_server)
    page.click("#tab-documents")
    page.locator("#documents-table tbody tr").first.wait_for()
    shot(page, "documents")
    assert axe_violations(page) == []
    page.click("#tab-chat")
    shot(page, "empty_chat")
    assert axe_violations(page) == []

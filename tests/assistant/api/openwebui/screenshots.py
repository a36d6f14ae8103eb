"""Screenshots of docqa in a real Open WebUI, for the README (makes ``screenshots/`` beside this file).

Like ``record.py``, this needs an Open WebUI that is too large for the test suite, started
by hand (see ``record.py`` for the install; ``record.py`` also makes its admin account):

    DATA_DIR=/tmp/owui-data OFFLINE_MODE=true HF_HUB_OFFLINE=1 ENABLE_OLLAMA_API=false \\
      OPENAI_API_BASE_URL=http://127.0.0.1:8719/v1 OPENAI_API_KEY=owui-token \\
      WEBUI_SECRET_KEY=x /tmp/owui-venv/bin/open-webui serve --host 127.0.0.1 --port 8720 &
    .venv/bin/python -m tests.assistant.api.openwebui.screenshots --webui http://127.0.0.1:8720

The script serves docqa on port 8719 over a lexical index of ``corpus/`` (built in a
temporary folder) with the token Open WebUI was given, signs in to Open WebUI in Chromium
and saves: the connection to docqa (Admin Panel → Settings → Connections, its edit dialog),
the generation tasks that send docqa background prompts (Admin Panel → Settings →
Interface), and a chat with docqa's answer and its numbered sources.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.assistant.api import OSAKA_QUESTION, live_server
from tests.assistant.api.openwebui.record import TOKEN

OUT = Path(__file__).with_name("screenshots")
REPO = Path(__file__).resolve().parents[4]
CHROMIUM = "/usr/bin/chromium"
ADMIN = {"email": "admin@example.org", "password": "docqa-recording"}


def corpus_app(root: Path):
    """The real app and assistant over a lexical index of ``corpus/``."""
    from assistant.api import create_app
    from assistant.service import Assistant
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest

    settings = Settings(data_dir=root, corpus_dir=REPO / "corpus", embed_model="none", api_token=TOKEN)
    run_ingest([REPO / "corpus"], settings)
    return create_app(settings, Assistant.from_settings(settings, with_models=False))


def shoot(webui: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="ja-JP")
        page.goto(f"{webui}/auth", wait_until="networkidle")
        page.fill("input[name=email]", ADMIN["email"])
        page.fill("input[name=password]", ADMIN["password"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{webui}/", timeout=30_000)

        page.goto(f"{webui}/admin/settings/connections", wait_until="domcontentloaded")
        page.get_by_text("OpenAI API接続の管理").wait_for()
        page.mouse.click(1167, 155)  # the connection's settings button (its only label is an icon)
        page.get_by_text("接続を編集").wait_for()
        shots.append(out / "openwebui_connection.png")
        page.screenshot(path=shots[-1])
        page.keyboard.press("Escape")

        page.goto(f"{webui}/admin/settings/interface", wait_until="domcontentloaded")
        page.get_by_text("タイトル生成", exact=True).wait_for()
        page.mouse.move(750, 500)
        page.mouse.wheel(0, 400)  # to the generation tasks
        page.wait_for_timeout(800)
        shots.append(out / "openwebui_tasks.png")
        page.screenshot(path=shots[-1])

        page.set_viewport_size({"width": 1280, "height": 1500})
        page.goto(f"{webui}/", wait_until="domcontentloaded")
        page.locator("#chat-input").wait_for()
        release_notes = page.get_by_text("OK、始めましょう")
        if release_notes.count():
            release_notes.first.click()
        page.locator("#chat-input").click()
        page.keyboard.type(OSAKA_QUESTION)
        page.keyboard.press("Enter")
        page.get_by_text("出典:").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)  # the stream's end, and the title task
        shots.append(out / "openwebui_chat.png")
        page.screenshot(path=shots[-1])
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webui", default="http://127.0.0.1:8720")
    parser.add_argument("--port", type=int, default=8719)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, live_server(corpus_app(Path(tmp)), port=args.port):
        for shot in shoot(args.webui, OUT):
            print(shot)


if __name__ == "__main__":
    main()

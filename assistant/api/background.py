"""Chat front ends' background prompts, answered briefly without retrieval.

Open WebUI sends, beside each question, prompts of its own through the same
``/v1/chat/completions``: a chat title, tags, follow-up suggestions, search queries,
autocompletion. Each is one user message built from a fixed template (Open WebUI's
``DEFAULT_*_GENERATION_PROMPT_TEMPLATE``): ``### Task:``, the instructions, the JSON object
to answer with, and the chat inside ``<chat_history>``. Asked as a question, such a prompt
was refused as too long or answered from the documents; here it gets the JSON object its
template asks for, made from the chat history alone (a title is the first question's
opening words; tags, follow-ups and queries are empty lists: docqa suggests nothing it
has not retrieved).

Templates changed in Open WebUI's settings are not recognised; the README says which of
its settings turn these tasks off.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

#: The JSON key each of Open WebUI's task templates asks for, in the order they are tried.
TASK_KEYS = ("follow_ups", "title", "tags", "queries", "text", "prompt")
_TASK_HEAD = re.compile(r"^\s*###\s*Task:", re.IGNORECASE)
_HISTORY = re.compile(r"<chat_history>\s*(.*?)\s*</chat_history>", re.DOTALL)
_KEY = re.compile(r'\{\s*"(' + "|".join(TASK_KEYS) + r')"\s*:')
_TURN = re.compile(r"^(USER|ASSISTANT|SYSTEM):\s?", re.MULTILINE)
TITLE_CHARS = 30


@dataclass(frozen=True)
class BackgroundTask:
    """A recognised front-end prompt: the JSON key its answer has and the chat it quotes."""

    key: str
    history: str

    def first_user_message(self) -> str:
        parts = _TURN.split(self.history)
        # parts: [before, ROLE, text, ROLE, text, …]
        for role, text in zip(parts[1::2], parts[2::2]):
            if role == "USER" and text.strip():
                return text.strip()
        return ""


def recognise(prompt: str) -> BackgroundTask | None:
    """The task a front end's prompt is, or None for a question."""
    if not _TASK_HEAD.match(prompt):
        return None
    history = _HISTORY.search(prompt)
    keys = _KEY.findall(prompt)
    if history is None or not keys:
        return None
    key = next(k for k in TASK_KEYS if k in keys)
    return BackgroundTask(key, history.group(1))


def title_of(question: str) -> str:
    """A chat title: the question's first line, cut to ``TITLE_CHARS`` characters."""
    line = question.strip().splitlines()[0] if question.strip() else ""
    line = line.rstrip("？?。.")
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


def answer(task: BackgroundTask) -> str:
    """The JSON object the task's template asks for."""
    if task.key == "title":
        value: object = title_of(task.first_user_message()) or "docqa"
    elif task.key in ("text", "prompt"):
        value = ""
    else:
        value = []
    return json.dumps({task.key: value}, ensure_ascii=False)

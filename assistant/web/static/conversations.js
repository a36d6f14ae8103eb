// Conversations kept in this browser (localStorage): a list, the one open now, and exports.
// A turn is {question, filters, response, draft}: what the server answered and its draft.
"use strict";

const KEY = "docqa.conversations";
const CURRENT = "docqa.current";
const MAX_CONVERSATIONS = 50;

function readAll() {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(data) ? data.filter((c) => c && typeof c.id === "string" && Array.isArray(c.turns)) : [];
  } catch (_) {
    return [];
  }
}

function writeAll(list) {
  // The oldest conversations go first when the browser's storage is full.
  let kept = list.slice(0, MAX_CONVERSATIONS);
  for (;;) {
    try {
      localStorage.setItem(KEY, JSON.stringify(kept));
      return;
    } catch (_) {
      if (kept.length <= 1) return;
      kept = kept.slice(0, -1);
    }
  }
}

export function list() {
  return readAll().sort((a, b) => (b.updated || "").localeCompare(a.updated || ""));
}

export function get(id) {
  return readAll().find((c) => c.id === id) || null;
}

export function currentId() {
  return localStorage.getItem(CURRENT);
}

export function setCurrent(id) {
  if (id) localStorage.setItem(CURRENT, id);
  else localStorage.removeItem(CURRENT);
}

export function create() {
  const now = new Date().toISOString();
  const id = "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  return { id, title: "", created: now, updated: now, turns: [] };
}

export function save(conversation) {
  conversation.updated = new Date().toISOString();
  if (!conversation.title && conversation.turns.length) conversation.title = conversation.turns[0].question.slice(0, 60);
  writeAll([conversation, ...readAll().filter((c) => c.id !== conversation.id)]);
}

export function rename(id, title) {
  const all = readAll();
  const found = all.find((c) => c.id === id);
  if (!found) return;
  found.title = title.trim().slice(0, 200) || found.title;
  writeAll(all);
}

export function remove(id) {
  writeAll(readAll().filter((c) => c.id !== id));
  if (currentId() === id) setCurrent(null);
}

// The history the API takes with a follow-up question.
export function history(conversation, maxTurns) {
  const turns = [];
  for (const turn of conversation.turns) {
    if (!turn.response) continue;
    turns.push({ role: "user", content: turn.question }, { role: "assistant", content: turn.response.answer });
  }
  return turns.slice(-maxTurns);
}

export function toJSON(conversation) {
  return JSON.stringify(
    {
      title: conversation.title,
      created: conversation.created,
      updated: conversation.updated,
      turns: conversation.turns.map((t) => ({
        question: t.question,
        filters: t.filters || null,
        answer: t.draft ? t.draft.answer : t.response && t.response.answer,
        sources: t.draft ? t.draft.sources : [],
        response: t.response,
      })),
    },
    null,
    1,
  );
}

// Markdown: each question as a heading, its answer's draft below (footnotes made unique per turn).
export function toMarkdown(conversation) {
  const parts = ["# " + (conversation.title || "docqa"), ""];
  conversation.turns.forEach((turn, i) => {
    parts.push("## " + turn.question.replace(/\s+/g, " "), "");
    const body = turn.draft ? turn.draft.markdown : (turn.response && turn.response.answer) || "";
    parts.push(body.replace(/\[\^(\d+)\]/g, (_, n) => "[^" + (i + 1) + "-" + n + "]"), "");
  });
  return parts.join("\n");
}

export function filename(conversation, ext) {
  const stem = (conversation.title || "conversation").replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 40);
  return "docqa_" + stem + "." + ext;
}

// docqa chat UI. ES modules under a strict CSP: no inline code, no eval, and every piece of
// document or answer text goes into the page as a text node, never parsed as HTML.
"use strict";

import { apiFetch, errorMessage, getJSON, loadViewer, postJSON, readEvents, signOut } from "./api.js";
import * as store from "./conversations.js";
import { $, el, icon, iconButton, saveBlob } from "./dom.js";
import { initFacts, loadFacts } from "./facts.js";
import { STRINGS, applyLanguage, lang, setLang, t } from "./i18n.js";
import { documentActions, initLibrary } from "./library.js";
import { closePanel, openSource, pageLabel } from "./panel.js";

const MAX_HISTORY_TURNS = 20;
const CLOSEST_SHOWN = 3; // passages shown under a declined answer
const MARKER = /\[(\d+)\]/g;
const BULLET = /^[•・\-‐*]\s*/;
const FILTERS = [
  { key: "documents", label: "filterDocument" },
  { key: "publisher", label: "filterPublisher" },
  { key: "kind", label: "filterKind" },
  { key: "year", label: "filterYear" },
];

const state = {
  busy: false,
  documentsLoaded: false,
  factsLoaded: false,
  conversation: null,
  filters: {},
  filterOptionsLoaded: false,
  // Components the service said are unavailable; each is announced once, above the conversation.
  unavailable: new Set(),
};

// --- messages ----------------------------------------------------------------------------------

function scrollToEnd() {
  const log = $("conversation");
  log.scrollTop = log.scrollHeight;
}

function addUserMessage(question) {
  $("empty-state").hidden = true;
  $("conversation").append(
    el("article", { className: "message user" },
      el("div", { className: "speaker", "data-i18n": "you", text: t("you") }),
      el("div", { className: "bubble", text: question })),
  );
  scrollToEnd();
}

function addAssistantMessage() {
  const body = el("div", { className: "answer-text streaming" });
  const status = el("div", { className: "thinking", "data-i18n": "thinking", text: t("thinking") });
  const node = el("article", { className: "message assistant", "aria-busy": "true" },
    el("div", { className: "speaker", "data-i18n": "assistant", text: t("assistant") }),
    el("div", { className: "bubble" }, status, body));
  $("conversation").append(node);
  scrollToEnd();
  return { node, body, status };
}

function describeDocument(source) {
  const title = source.title || source.doc;
  // The edition quoted (「2023年度版」), unless the title already names it.
  const edition = source.edition && !title.includes(source.edition) ? t("editionLabel", { edition: source.edition }) : "";
  const origin = [edition, source.publisher, source.published].filter(Boolean).join("、");
  return title + (origin ? "（" + origin + "）" : "");
}

function describePlace(source) {
  return [source.section, pageLabel(source.page)].filter(Boolean).join(" ") || source.title || source.doc;
}

function markerButton(n, source) {
  const button = el("button", { type: "button", className: "cite", "aria-label": t("sourceN", { n }),
    "data-i18n-label": "sourceN:" + n, text: String(n) });
  button.addEventListener("click", () => openSource(source, button, source.quotes && source.quotes[0]));
  return button;
}

// The short answer above the quotes it was read from, unless the answer says it already in its
// own words (a fact-table answer: 「覚書の締結は2016年2月18日です。」); a quote that holds it
// (「…24年度:2,350人 / …」 [1]) does not say it as plainly.
function shortAnswer(response) {
  const short = response.short_answer;
  const own = (response.answer || "").split("\n").filter((line) => !/\[\d+\]\s*$/.test(line)).join("\n");
  if (!short || own.includes(short)) return null;
  return el("p", { className: "short-answer" },
    el("span", { className: "short-label", "data-i18n": "shortAnswer", text: t("shortAnswer") }), " ",
    el("strong", { text: short }));
}

// The answer with each [n] that names a source turned into a button.
function renderAnswerText(container, text, sources) {
  const byNumber = new Map(sources.map((s) => [s.number, s]));
  container.replaceChildren();
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const source = byNumber.get(Number(match[1]));
    if (!source) continue;
    container.append(document.createTextNode(text.slice(last, match.index)), markerButton(source.number, source));
    last = match.index + match[0].length;
  }
  container.append(document.createTextNode(text.slice(last)));
}

// Sources grouped by document (its title once), one row per source (a distinct passage): its
// number, its section and page, and what it quotes.
function sourceList(sources, heading) {
  const box = el("div", { className: "sources" }, el("h3", { className: "sources-title", text: heading }));
  const groups = new Map();
  for (const source of sources) {
    if (!groups.has(source.doc)) groups.set(source.doc, []);
    groups.get(source.doc).push(source);
  }
  for (const members of groups.values()) {
    const list = el("ol", { className: "source-list" });
    for (const source of members) {
      const ocr = source.ocr ? el("span", { className: "badge", title: t("ocrNote"), text: t("ocrBadge") }) : null;
      const button = el("button", { type: "button", className: "source-link", "data-passage": source.passage_id,
        "aria-label": t("openSource", { n: source.number, title: describeDocument(source) + " " + describePlace(source) })
          + (source.ocr ? " " + t("ocrNote") : "") },
        el("span", { className: "source-n", text: "[" + source.number + "]" }),
        el("span", { className: "source-body" },
          el("span", { className: "source-desc" }, describePlace(source), ocr),
          ...(source.quotes || []).map((q) => el("span", { className: "source-quote", text: "「" + q.text.replace(BULLET, "") + "」" })),
          source.preview ? el("span", { className: "source-quote", text: source.preview }) : null));
      button.addEventListener("click", () => openSource(source, button, source.quotes && source.quotes[0]));
      list.append(el("li", {}, button));
    }
    box.append(el("div", { className: "source-group" },
      el("div", { className: "source-doc", text: describeDocument(members[0]) }), list));
  }
  return box;
}

// Passages shown when the answer abstains, as sources without quotes; the start of each passage
// tells apart two of the same section and page.
function passagesAsSources(passages) {
  return passages.map((p, i) => Object.assign({}, p, { number: i + 1, quotes: [],
    preview: p.text.replace(/\s+/g, " ").slice(0, 80) + (p.text.length > 80 ? "…" : "") }));
}

// The draft copied into a council answer: read by the page's own copy routine and the tests.
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = el("textarea", { className: "visually-hidden", readonly: "" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy");
}

function draftBody(response) {
  return { question: response.question, answer: response.answer, citations: response.citations || [] };
}

function actionsBar(turn) {
  const status = el("span", { className: "action-status", role: "status" });
  const report = (key) => () => { status.textContent = t(key); };
  const bar = el("div", { className: "actions" });
  if (turn.draft) {
    // A colleague may have deleted or replaced a cited document since: checked before each copy.
    const copyCurrent = (text) => async () => {
      status.textContent = "";
      if (await markIfStale([turn])) return;
      copyText(text).then(report("copied"), report("copyFailed"));
    };
    const copy = iconButton("copy", t("copyDraft"), { "data-action": "copy" });
    copy.addEventListener("click", copyCurrent(turn.draft.text));
    const markdown = iconButton("markdown", t("copyMarkdown"), { "data-action": "copy-markdown" });
    markdown.addEventListener("click", copyCurrent(turn.draft.markdown));
    const docx = iconButton("download", t("downloadDocx"), { "data-action": "docx" });
    docx.addEventListener("click", async () => {
      try {
        const response = await postJSON("/api/draft.docx", draftBody(turn.response));
        saveBlob(await response.blob(), "draft.docx");
        status.textContent = t("downloaded");
      } catch (_) {
        if (!(await markIfStale([turn]))) status.textContent = t("copyFailed");
      }
    });
    bar.append(copy, markdown, docx);
  }
  const feedback = el("div", { className: "feedback" });
  const good = iconButton("thumbUp", t("good"), { "data-rating": "good" }, true);
  const bad = iconButton("thumbDown", t("bad"), { "data-rating": "bad" }, true);
  for (const button of [good, bad]) {
    button.addEventListener("click", () => askComment(feedback, turn.response, button.dataset.rating, [good, bad], status));
  }
  bar.append(good, bad, status, feedback);
  return bar;
}

function askComment(container, response, rating, buttons, status) {
  for (const b of buttons) {
    b.setAttribute("aria-pressed", String(b.dataset.rating === rating));
    b.disabled = true;
  }
  const box = el("textarea", { className: "comment", rows: "2", maxlength: "2000", "aria-label": t("commentPrompt"),
    placeholder: t("commentPrompt") });
  const send = el("button", { type: "button", className: "primary small", text: t("commentSend") });
  const skip = el("button", { type: "button", className: "ghost small", text: t("commentSkip") });
  const submit = async (comment) => {
    container.replaceChildren();
    try {
      await postJSON("/api/feedback", { rating, comment, question: response.question, answer: response.answer,
        citations: response.citations || [] });
      status.textContent = t("thanks");
    } catch (_) {
      status.textContent = t("feedbackFailed");
      for (const b of buttons) b.disabled = false;
    }
  };
  send.addEventListener("click", () => submit(box.value.trim()));
  skip.addEventListener("click", () => submit(""));
  container.replaceChildren(el("div", { className: "comment-form" }, box, el("div", { className: "row" }, send, skip)));
  box.focus();
}

function renderFinal(view, turn) {
  const response = turn.response;
  rendered.set(turn, view.node);
  view.status.remove();
  view.node.removeAttribute("aria-busy");
  view.body.classList.remove("streaming");
  const bubble = view.body.parentElement;
  if (!response.answerable) {
    view.node.classList.add("abstained");
    bubble.prepend(el("div", { className: "abstain-badge", "data-i18n": "noEvidence", text: t("noEvidence") }));
    view.body.textContent = response.answer;
    const closest = (response.passages || []).slice(0, CLOSEST_SHOWN);
    if (closest.length) bubble.append(sourceList(passagesAsSources(closest), t("closest")));
  } else if (turn.draft) {
    const short = shortAnswer(response);
    if (short) bubble.insertBefore(short, view.body);
    renderAnswerText(view.body, turn.draft.answer, turn.draft.sources);
    if (turn.draft.sources.length) bubble.append(sourceList(turn.draft.sources, t("sources")));
  } else {
    const short = shortAnswer(response);
    if (short) bubble.insertBefore(short, view.body);
    view.body.textContent = response.answer;
  }
  noteUnavailable(response.degraded || []);
  bubble.append(actionsBar(turn));
}

// --- answers kept from before a document changed -------------------------------------------------

// The message shown for each turn of the conversation on screen.
const rendered = new WeakMap();

// The passages a turn shows: its citations, or the closest passages of a declined answer.
function shownPassages(turn) {
  const response = turn.response;
  if (!response) return [];
  return response.answerable ? response.citations || [] : (response.passages || []).slice(0, CLOSEST_SHOWN);
}

// Answers kept in this browser cite passages of the index they were given from. A passage that
// has left it since (its document deleted, or replaced by a version that no longer says so) is
// marked, the answer says so, and its draft can no longer be copied or downloaded. Returns
// whether any of ``turns`` was stale. A passage the server cannot be asked about (no token yet)
// is left as it is; the server refuses its draft anyway.
async function markIfStale(turns) {
  const ids = new Set();
  for (const turn of turns) for (const p of shownPassages(turn)) ids.add(p.passage_id);
  if (!ids.size) return false;
  const response = await apiFetch("/api/passages/missing", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ passage_ids: [...ids].slice(0, 500) }),
  }, true).catch(() => null);
  if (!response || !response.ok) return false;
  const gone = new Set((await response.json()).missing);
  let stale = false;
  for (const turn of turns) {
    const node = rendered.get(turn);
    const cited = shownPassages(turn).filter((p) => gone.has(p.passage_id));
    if (!node || !cited.length) continue;
    stale = true;
    node.classList.add("stale");
    const bubble = node.querySelector(".bubble");
    if (!bubble.querySelector(".stale-note")) {
      bubble.prepend(el("div", { className: "stale-note", role: "note", "data-i18n": "staleAnswer", text: t("staleAnswer") }));
    }
    for (const link of bubble.querySelectorAll(".source-link")) {
      if (!gone.has(link.dataset.passage) || link.classList.contains("gone")) continue;
      link.classList.add("gone");
      link.querySelector(".source-desc").append(el("span", { className: "badge gone-badge", "data-i18n": "goneBadge", text: t("goneBadge") }));
    }
    for (const action of bubble.querySelectorAll('[data-action="copy"], [data-action="copy-markdown"], [data-action="docx"]')) action.remove();
  }
  return stale;
}

// One plain-language line per unavailable component (dense, reranker, llm), shown once in a
// banner above the conversation, never under each answer. The API's `degraded` list is for scripts.
function noteUnavailable(components) {
  const banner = $("service-notice");
  for (const component of components) {
    if (state.unavailable.has(component)) continue;
    state.unavailable.add(component);
    const key = ("unavailable_" + component) in STRINGS.ja ? "unavailable_" + component : "unavailable_other";
    if (banner.querySelector('[data-i18n="' + key + '"]')) continue;
    banner.append(el("p", { "data-i18n": key, text: t(key) }));
    banner.hidden = false;
  }
}

async function loadServiceState() {
  try {
    const response = await fetch("/health");
    if (!response.ok) return;
    const health = await response.json();
    noteUnavailable(health.unavailable || []);
  } catch (_) {
    // the first question will say whether the server is reachable
  }
}

function renderError(view, message) {
  view.status.remove();
  view.node.removeAttribute("aria-busy");
  view.node.classList.add("failed");
  view.body.classList.remove("streaming");
  view.body.textContent = t("error", { message });
}

async function draftOf(response) {
  if (!response.answerable || !(response.citations || []).length) return null;
  try {
    return await (await postJSON("/api/draft", draftBody(response))).json();
  } catch (_) {
    return null; // the answer is still shown, as it came
  }
}

function activeFilters() {
  const filters = {};
  for (const [key, value] of Object.entries(state.filters)) {
    if (value === "" || value === undefined) continue;
    filters[key] = key === "documents" ? [value] : key === "year" ? Number(value) : value;
  }
  return Object.keys(filters).length ? filters : null;
}

async function ask(question) {
  if (state.busy || !question.trim()) return;
  state.busy = true;
  $("send").disabled = true;
  addUserMessage(question);
  const view = addAssistantMessage();
  const conversation = state.conversation;
  const filters = activeFilters();
  const body = { question, history: store.history(conversation, MAX_HISTORY_TURNS) };
  if (filters) body.filters = filters;
  let final = null;
  try {
    const response = await apiFetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(await errorMessage(response));
    await readEvents(response, (name, data) => {
      if (name === "delta") {
        view.status.hidden = true;
        view.body.append(document.createTextNode(data.text));
        scrollToEnd();
      } else if (name === "final") {
        final = data;
      } else if (name === "error") {
        throw new Error((data.error && data.error.message) || "error");
      }
    });
    if (!final) throw new Error(t("networkError"));
    const turn = { question, filters, response: final, draft: await draftOf(final) };
    renderFinal(view, turn);
    conversation.turns.push(turn);
    store.save(conversation);
    store.setCurrent(conversation.id);
    renderHistory();
    if (!state.filterOptionsLoaded) loadFilterOptions();
    scrollToEnd();
  } catch (err) {
    renderError(view, err instanceof TypeError ? t("networkError") : err.message);
  } finally {
    state.busy = false;
    $("send").disabled = false;
  }
}

// --- conversations ------------------------------------------------------------------------------

function showConversation(conversation) {
  state.conversation = conversation;
  for (const node of document.querySelectorAll("#conversation .message")) node.remove();
  $("empty-state").hidden = conversation.turns.length > 0;
  for (const turn of conversation.turns) {
    addUserMessage(turn.question);
    renderFinal(addAssistantMessage(), turn);
  }
  scrollToEnd();
  renderHistory();
  markIfStale(conversation.turns);
}

function newConversation() {
  closePanel();
  showConversation(store.create());
  store.setCurrent(null);
  $("question").focus();
}

function renameConversation(item) {
  const dialog = $("rename-dialog");
  const input = $("rename-input");
  input.value = item.title || "";
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "ok" && input.value.trim()) {
      store.rename(item.id, input.value);
      if (state.conversation.id === item.id) state.conversation.title = input.value.trim();
      renderHistory();
    }
  }, { once: true });
  dialog.showModal();
  input.select();
}

function deleteConversation(item) {
  store.remove(item.id);
  if (state.conversation.id === item.id) newConversation();
  else renderHistory();
}

function renderHistory() {
  const list = $("history-list");
  const items = store.list();
  list.replaceChildren();
  for (const item of items) {
    const title = item.title || t("untitled");
    const current = state.conversation && state.conversation.id === item.id;
    const open = el("button", { type: "button", className: "history-open", "aria-current": current ? "true" : null,
      "aria-label": t("openConversation", { title }) }, el("span", { className: "history-name", text: title }));
    open.addEventListener("click", () => {
      closePanel();
      store.setCurrent(item.id);
      showConversation(store.get(item.id));
    });
    const rename = iconButton("pencil", t("rename") + ": " + title, { className: "ghost small icon-text quiet" }, true);
    rename.addEventListener("click", () => renameConversation(item));
    const remove = iconButton("trash", t("remove") + ": " + title, { className: "ghost small icon-text quiet" }, true);
    remove.addEventListener("click", () => deleteConversation(item));
    list.append(el("li", { className: current ? "current" : null }, open, rename, remove));
  }
  $("history-empty").hidden = items.length > 0;
  const exportable = state.conversation && state.conversation.turns.length > 0;
  $("export-md").disabled = !exportable;
  $("export-json").disabled = !exportable;
}

function exportConversation(kind) {
  const conversation = state.conversation;
  if (!conversation || !conversation.turns.length) return;
  const text = kind === "md" ? store.toMarkdown(conversation) : store.toJSON(conversation);
  const type = kind === "md" ? "text/markdown;charset=utf-8" : "application/json";
  saveBlob(new Blob([text], { type }), store.filename(conversation, kind === "md" ? "md" : "json"));
}

// --- filter chips ---------------------------------------------------------------------------------

function filterOptions(docs) {
  const sorted = (values) => [...new Set(values.filter(Boolean))].sort();
  return {
    documents: docs.map((d) => [d.doc, d.title || d.doc]),
    publisher: sorted(docs.map((d) => d.publisher)).map((v) => [v, v]),
    kind: sorted(docs.map((d) => d.kind)).map((v) => [v, v]),
    year: sorted(docs.map((d) => (d.published || "").slice(0, 4)).filter((y) => /^\d{4}$/.test(y))).map((v) => [v, v]),
  };
}

function renderFilters(docs) {
  const box = $("filters");
  for (const node of box.querySelectorAll(".chip")) node.remove();
  const options = filterOptions(docs);
  for (const filter of FILTERS) {
    const id = "filter-" + filter.key;
    const select = el("select", { id, className: "chip-select" },
      el("option", { value: "", text: t("filterAny") }),
      ...options[filter.key].map(([value, label]) => el("option", { value, text: label })));
    select.value = state.filters[filter.key] || "";
    const clear = iconButton("close", t("clearFilter", { name: t(filter.label) }), { className: "chip-clear" }, true);
    const chip = el("span", { className: "chip" }, el("label", { for: id, className: "chip-label", text: t(filter.label) }),
      select, clear);
    const sync = () => {
      state.filters[filter.key] = select.value;
      chip.classList.toggle("active", Boolean(select.value));
      clear.hidden = !select.value;
    };
    select.addEventListener("change", sync);
    clear.addEventListener("click", () => {
      select.value = "";
      sync();
      select.focus();
    });
    sync();
    box.append(chip);
  }
}

// The chips' choices come from the documents' metadata. Without a token yet, they wait for the
// first answer (which asks for it) rather than opening the token dialog on page load.
async function loadFilterOptions() {
  const response = await apiFetch("/api/documents", {}, true).catch(() => null);
  if (response && response.ok) {
    state.filterOptionsLoaded = true;
    renderFilters(await response.json());
  } else if (!$("filters").querySelector(".chip")) {
    renderFilters([]);
  }
}

// --- documents view ------------------------------------------------------------------------------

async function loadDocuments() {
  const body = document.querySelector("#documents-table tbody");
  const status = $("documents-status");
  status.textContent = t("loading");
  try {
    const docs = await getJSON("/api/documents");
    body.replaceChildren();
    for (const d of docs) {
      const open = el("button", { type: "button", className: "link", "aria-label": t("openDocument", { title: d.title || d.doc }),
        text: d.title || d.doc });
      open.addEventListener("click", () => openSource({ doc: d.doc, title: d.title }, open));
      body.append(
        el("tr", {},
          el("td", {}, open, el("div", { className: "doc-id muted", text: d.doc })),
          el("td", { text: d.publisher }),
          el("td", { className: "nowrap", text: d.published }),
          el("td", { text: d.kind }),
          el("td", { className: "num", text: d.chunks.toLocaleString() }),
          el("td", { className: "num", text: d.chars.toLocaleString() }),
          el("td", {}, d.edition || "", d.ocr_pages && d.ocr_pages.length ? el("span", { className: "badge", text: t("ocrBadge") }) : null),
          el("td", {}, documentActions(d))),
      );
    }
    status.textContent = docs.length ? "" : t("noDocuments");
    state.documentsLoaded = true;
    renderFilters(docs);
  } catch (err) {
    status.textContent = t("loadFailed", { message: err.message });
  }
}

function route() {
  const view = location.hash === "#/documents" ? "documents" : location.hash === "#/facts" ? "facts" : "chat";
  for (const name of ["chat", "documents", "facts"]) {
    $("view-" + name).hidden = view !== name;
    $("tab-" + name).setAttribute("aria-current", view === name ? "page" : "false");
  }
  if (view === "documents" && !state.documentsLoaded) loadDocuments();
  if (view === "facts" && !state.factsLoaded) {
    state.factsLoaded = true;
    loadFacts();
  }
}

// --- wiring ----------------------------------------------------------------------------------------

function relabel() {
  applyLanguage();
  const toggle = $("lang-toggle");
  toggle.textContent = t("langButton");
  toggle.setAttribute("aria-label", t("langAria"));
  renderHistory();
}

// With DOCQA_AUTH=local: who is signed in, and the sign-out button.
async function showAccount() {
  const who = await loadViewer();
  if (!who || who.auth !== "local") return;
  $("account-name").textContent = who.name || "";
  $("account").hidden = false;
}

function init() {
  showAccount();
  $("sign-out").addEventListener("click", signOut);
  $("new-chat").prepend(icon("plus"));
  $("close-panel").append(icon("close"));
  initFacts();
  initLibrary(() => {
    state.factsLoaded = false; // the agreements table follows the documents
    loadDocuments();
    if (state.conversation) markIfStale(state.conversation.turns);
  });
  relabel();
  const saved = store.currentId() && store.get(store.currentId());
  showConversation(saved || store.create());
  route();
  loadServiceState();
  window.addEventListener("hashchange", route);
  loadFilterOptions();
  const input = $("question");
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value;
    if (!question.trim()) return;
    input.value = "";
    ask(question.trim());
  });
  input.addEventListener("keydown", (event) => {
    // isComposing: Enter that confirms a Japanese IME conversion must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  for (const button of document.querySelectorAll(".example")) {
    button.addEventListener("click", () => ask(button.textContent));
  }
  $("new-chat").addEventListener("click", newConversation);
  $("close-panel").addEventListener("click", closePanel);
  $("export-md").addEventListener("click", () => exportConversation("md"));
  $("export-json").addEventListener("click", () => exportConversation("json"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !document.querySelector("dialog[open]")) closePanel();
  });
  $("lang-toggle").addEventListener("click", () => {
    setLang(lang() === "ja" ? "en" : "ja");
    relabel();
    loadFilterOptions();
  });
  input.focus();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();

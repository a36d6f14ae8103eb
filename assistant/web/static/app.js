// docqa chat UI. Vanilla JS under a strict CSP: no inline code, no eval, and every piece of
// document or answer text goes into the page as a text node, never parsed as HTML.
"use strict";

(() => {
  const MAX_HISTORY_TURNS = 20;
  const CITATION = /\[(\d+)\]/g;

  const STRINGS = {
    ja: {
      skip: "入力欄へ移動",
      subtitle: "自治体文書アシスタント",
      nav: "メニュー",
      tabChat: "チャット",
      tabDocuments: "文書一覧",
      newChat: "新しい会話",
      conversation: "会話",
      welcome: "自治体の公開文書から、出典つきで回答します",
      welcomeSub: "回答はすべて資料からの引用です。番号をクリックすると根拠の箇所を確認できます。",
      examplesTitle: "質問の例",
      questionLabel: "質問",
      placeholder: "質問を入力してください（Enterで送信、Shift+Enterで改行）",
      send: "送信",
      disclaimer: "回答は資料の記載に基づきます。重要な判断の前に、必ず出典の原文をご確認ください。",
      documentsTitle: "文書一覧",
      documentsSub: "検索対象になっている文書です。",
      tabFacts: "協定・覚書一覧",
      factsTitle: "協定・覚書一覧",
      factsSub: "文書に書かれた覚書・協定・友好都市などの関係です。各行の出典から原文を確認できます。",
      factSubject: "主体",
      factPartner: "相手",
      factCountry: "国",
      factRelation: "種別",
      factAction: "内容",
      factDate: "日付",
      factSource: "出典",
      factAll: "すべて",
      factSearch: "絞り込む",
      noFacts: "該当する記載はありません(一覧は索引済みの文書に書かれた関係のみです)。",
      factsCount: "{n}件(各文書の発行時点の記載)",
      colTitle: "タイトル",
      colPublisher: "発行者",
      colPublished: "発行日",
      colKind: "種別",
      colChunks: "段落数",
      colChars: "文字数",
      sourceLabel: "出典",
      close: "閉じる",
      tokenTitle: "APIトークンが必要です",
      tokenHelp: "管理者から受け取ったトークンを入力してください。このタブを閉じると消去されます。",
      tokenLabel: "トークン",
      tokenSave: "保存",
      langButton: "EN",
      langAria: "Switch to English",
      you: "あなた",
      assistant: "アシスタント",
      thinking: "資料を検索しています…",
      sources: "出典",
      citation: "出典{n}",
      openSource: "出典{n}を開く: {title}",
      noEvidence: "根拠が見つかりません",
      closest: "関連する可能性のある箇所",
      copy: "コピー",
      copied: "コピーしました",
      copyFailed: "コピーできませんでした",
      good: "役に立った",
      bad: "役に立たなかった",
      commentPrompt: "ご意見があればお書きください（任意）",
      commentSend: "送信",
      commentSkip: "スキップ",
      thanks: "フィードバックをありがとうございました",
      feedbackFailed: "フィードバックを送信できませんでした",
      error: "エラーが発生しました: {message}",
      networkError: "サーバーに接続できませんでした。",
      loading: "読み込み中…",
      loadFailed: "読み込めませんでした: {message}",
      noDocuments: "文書がありません。`docqa ingest` で取り込んでください。",
      publisher: "発行者",
      published: "発行日",
      section: "章・節",
      page: "ページ",
      pageN: "p.{n}",
      openDocument: "{title} を開く",
      example1: "大阪市はどの都市と覚書（MOU）を締結していますか？",
      example2: "川崎市とバンドン市の覚書はいつ締結された？",
      example3: "東京23区の国際協力事業では何か国に技術者を派遣しましたか？",
      unavailable_dense: "いまは言葉の意味で探す検索が使えないため、キーワードが一致する箇所から回答しています。",
      unavailable_reranker: "設定された検索結果の並べ替えが使えないため、並べ替えずに回答しています。",
      unavailable_llm: "設定された文章作成AIが使えないため、資料の文をそのまま抜き出して回答しています。",
      unavailable_other: "一部の機能が使えないため、使える機能だけで回答しています。",
    },
    en: {
      skip: "Skip to the question box",
      subtitle: "Municipal document assistant",
      nav: "Menu",
      tabChat: "Chat",
      tabDocuments: "Documents",
      newChat: "New chat",
      conversation: "Conversation",
      welcome: "Cited answers from published municipal documents",
      welcomeSub: "Every answer quotes the documents. Click a number to see the passage it comes from.",
      examplesTitle: "Example questions",
      questionLabel: "Question",
      placeholder: "Ask a question (Enter to send, Shift+Enter for a new line)",
      send: "Send",
      disclaimer: "Answers are based on the documents. Check the cited source before relying on them.",
      documentsTitle: "Documents",
      documentsSub: "The documents the assistant searches.",
      tabFacts: "Agreements",
      factsTitle: "Agreements and partnerships",
      factsSub: "MOUs, agreements, friendship cities and other relations stated in the documents. Each row links to its source.",
      factSubject: "Subject",
      factPartner: "Partner",
      factCountry: "Country",
      factRelation: "Relation",
      factAction: "Action",
      factDate: "Date",
      factSource: "Source",
      factAll: "All",
      factSearch: "Filter",
      noFacts: "Nothing matches (the list holds only relations stated in the indexed documents).",
      factsCount: "{n} rows (as stated in each document at its publication date)",
      colTitle: "Title",
      colPublisher: "Publisher",
      colPublished: "Published",
      colKind: "Kind",
      colChunks: "Passages",
      colChars: "Characters",
      sourceLabel: "Source",
      close: "Close",
      tokenTitle: "An API token is required",
      tokenHelp: "Enter the token your administrator gave you. It is forgotten when this tab closes.",
      tokenLabel: "Token",
      tokenSave: "Save",
      langButton: "日本語",
      langAria: "日本語に切り替え",
      you: "You",
      assistant: "Assistant",
      thinking: "Searching the documents…",
      sources: "Sources",
      citation: "Source {n}",
      openSource: "Open source {n}: {title}",
      noEvidence: "No supporting evidence found",
      closest: "Closest passages",
      copy: "Copy",
      copied: "Copied",
      copyFailed: "Could not copy",
      good: "Helpful",
      bad: "Not helpful",
      commentPrompt: "Any comments? (optional)",
      commentSend: "Send",
      commentSkip: "Skip",
      thanks: "Thank you for your feedback",
      feedbackFailed: "Could not send the feedback",
      error: "Something went wrong: {message}",
      networkError: "Could not reach the server.",
      loading: "Loading…",
      loadFailed: "Could not load: {message}",
      noDocuments: "No documents yet. Run `docqa ingest` to add some.",
      publisher: "Publisher",
      published: "Published",
      section: "Section",
      page: "Page",
      pageN: "p.{n}",
      openDocument: "Open {title}",
      example1: "Which cities has Osaka signed a memorandum of understanding (MOU) with?",
      example2: "When was the MOU between Kawasaki and Bandung signed?",
      example3: "How many countries did Tokyo's 23 wards send engineers to for international cooperation?",
      unavailable_dense: "Search by meaning is unavailable right now, so answers come from passages that match the keywords.",
      unavailable_reranker: "The configured re-ranking of results is unavailable, so results are not re-ranked.",
      unavailable_llm: "The configured writing model is unavailable, so answers quote sentences of the documents as they are.",
      unavailable_other: "Some features are unavailable; answers use the ones that work.",
    },
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    lang: localStorage.getItem("docqa.lang") === "en" ? "en" : "ja",
    history: [],
    busy: false,
    documentsLoaded: false,
    factsLoaded: false,
    panelReturnFocus: null,
    // Components the service said are unavailable; each is announced once, above the conversation.
    unavailable: new Set(),
  };

  function t(key, vars) {
    const table = STRINGS[state.lang];
    let text = key in table ? table[key] : STRINGS.ja[key] || key;
    for (const [name, value] of Object.entries(vars || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  // DOM helper: el("p", {className: "x"}, "text", child). Strings become text nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "hidden") node.hidden = Boolean(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // --- language ------------------------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
    }
    for (const node of document.querySelectorAll("[data-i18n-aria]")) {
      node.setAttribute("aria-label", t(node.dataset.i18nAria));
    }
    const toggle = $("lang-toggle");
    toggle.textContent = t("langButton");
    toggle.setAttribute("aria-label", t("langAria"));
    for (const node of document.querySelectorAll("[data-i18n-dynamic]")) {
      const [key, n] = node.dataset.i18nDynamic.split(":");
      if (node.tagName === "BUTTON" && key === "citation") node.setAttribute("aria-label", t(key, { n }));
      else node.textContent = t(key, { n });
    }
  }

  // --- API -------------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem("docqa.token") || "";
  }

  function askForToken() {
    return new Promise((resolve) => {
      const dialog = $("token-dialog");
      const input = $("token-input");
      input.value = "";
      dialog.addEventListener(
        "close",
        () => {
          if (input.value.trim()) sessionStorage.setItem("docqa.token", input.value.trim());
          resolve(Boolean(input.value.trim()));
        },
        { once: true },
      );
      dialog.showModal();
      input.focus();
    });
  }

  async function apiFetch(path, options, retried) {
    const headers = Object.assign({}, (options && options.headers) || {});
    if (token()) headers.Authorization = "Bearer " + token();
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401 && !retried && (await askForToken())) {
      return apiFetch(path, options, true);
    }
    return response;
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) return body.error.message;
    } catch (_) {
      // not JSON: fall through to the status line
    }
    return response.status + " " + response.statusText;
  }

  async function getJSON(path) {
    const response = await apiFetch(path);
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.json();
  }

  // Reads a text/event-stream body; calls onEvent(name, data) per event.
  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) onEvent(name, JSON.parse(data.join("\n")));
      }
      if (done) return;
    }
  }

  // --- conversation ----------------------------------------------------------------------------

  function scrollToEnd() {
    const log = $("conversation");
    log.scrollTop = log.scrollHeight;
  }

  function addUserMessage(question) {
    $("empty-state").hidden = true;
    const node = el(
      "article",
      { className: "message user" },
      el("div", { className: "speaker", "data-i18n": "you", text: t("you") }),
      el("div", { className: "bubble", text: question }),
    );
    $("conversation").append(node);
    scrollToEnd();
  }

  function addAssistantMessage() {
    const body = el("div", { className: "answer-text streaming" });
    const status = el("div", { className: "thinking", "data-i18n": "thinking", text: t("thinking") });
    const node = el(
      "article",
      { className: "message assistant", "aria-busy": "true" },
      el("div", { className: "speaker", "data-i18n": "assistant", text: t("assistant") }),
      el("div", { className: "bubble" }, status, body),
    );
    $("conversation").append(node);
    scrollToEnd();
    return { node, body, status };
  }

  function citationSource(citation) {
    return {
      doc: citation.doc,
      start: citation.start,
      end: citation.end,
      title: citation.title,
      publisher: citation.publisher,
      published: citation.published,
      section: citation.section,
      page: citation.page,
    };
  }

  function citationButton(n, citation) {
    const button = el("button", {
      type: "button",
      className: "cite",
      "aria-label": t("citation", { n }),
      "data-i18n-dynamic": "citation:" + n,
      text: String(n),
    });
    button.addEventListener("click", () => openSource(citationSource(citation), button));
    return button;
  }

  // The answer with each [n] that names a citation turned into a button.
  function renderAnswerText(container, text, citations) {
    const byNumber = new Map((citations || []).map((c) => [c.n, c]));
    container.replaceChildren();
    let last = 0;
    for (const match of text.matchAll(CITATION)) {
      const citation = byNumber.get(Number(match[1]));
      if (!citation) continue;
      container.append(document.createTextNode(text.slice(last, match.index)));
      container.append(citationButton(Number(match[1]), citation));
      last = match.index + match[0].length;
    }
    container.append(document.createTextNode(text.slice(last)));
  }

  function pageLabel(page) {
    return page === null || page === undefined ? "" : t("pageN", { n: page });
  }

  function describeSource(source) {
    const origin = [source.publisher, source.published].filter(Boolean).join("、");
    return [source.title || source.doc, origin ? "（" + origin + "）" : "", source.section ? " " + source.section : "",
      pageLabel(source.page) ? " " + pageLabel(source.page) : ""].join("");
  }

  function sourceList(items, heading, numbered) {
    const list = el("ol", { className: "source-list" });
    items.forEach((item, i) => {
      const n = numbered ? item.n : i + 1;
      const button = el(
        "button",
        { type: "button", className: "source-link", "aria-label": t("openSource", { n, title: item.title || item.doc }) },
        el("span", { className: "source-n", text: "[" + n + "]" }),
        el("span", { className: "source-desc", text: describeSource(item) }),
      );
      button.addEventListener("click", () => openSource(item, button));
      list.append(el("li", {}, button));
    });
    return el("div", { className: "sources" }, el("h3", { className: "sources-title", text: heading }), list);
  }

  function councilDraft(response) {
    const lines = [];
    for (const c of response.citations || []) {
      const origin = [c.publisher, c.published].filter(Boolean).join("、");
      const line = [t("sourceLabel") + ": ", c.title || c.doc, origin ? "（" + origin + "）" : "", c.section ? c.section : "",
        c.page !== null && c.page !== undefined ? " p." + c.page : ""].join("");
      if (!lines.includes(line)) lines.push(line);
    }
    return response.answer + (lines.length ? "\n\n" + lines.join("\n") : "");
  }

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

  function actionsBar(response) {
    const status = el("span", { className: "action-status", role: "status" });
    const copy = el("button", { type: "button", className: "ghost small", text: t("copy") });
    copy.addEventListener("click", async () => {
      try {
        await copyText(councilDraft(response));
        status.textContent = t("copied");
      } catch (_) {
        status.textContent = t("copyFailed");
      }
    });
    const feedback = el("div", { className: "feedback" });
    const good = el("button", { type: "button", className: "ghost small", "aria-label": t("good"), title: t("good"), text: "👍" });
    const bad = el("button", { type: "button", className: "ghost small", "aria-label": t("bad"), title: t("bad"), text: "👎" });
    good.addEventListener("click", () => askComment(feedback, response, "good", [good, bad], status));
    bad.addEventListener("click", () => askComment(feedback, response, "bad", [good, bad], status));
    return el("div", { className: "actions" }, copy, good, bad, status, feedback);
  }

  function askComment(container, response, rating, buttons, status) {
    for (const b of buttons) {
      b.setAttribute("aria-pressed", String(b.textContent === (rating === "good" ? "👍" : "👎")));
      b.disabled = true;
    }
    const box = el("textarea", { className: "comment", rows: "2", maxlength: "2000", "aria-label": t("commentPrompt"),
      placeholder: t("commentPrompt") });
    const send = el("button", { type: "button", className: "primary small", text: t("commentSend") });
    const skip = el("button", { type: "button", className: "ghost small", text: t("commentSkip") });
    const submit = async (comment) => {
      container.replaceChildren();
      try {
        const res = await apiFetch("/api/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            rating,
            comment,
            question: response.question,
            answer: response.answer,
            citations: response.citations || [],
          }),
        });
        if (!res.ok) throw new Error(await errorMessage(res));
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

  function renderFinal(view, response) {
    view.status.remove();
    view.node.removeAttribute("aria-busy");
    view.body.classList.remove("streaming");
    const bubble = view.body.parentElement;
    if (!response.answerable) {
      view.node.classList.add("abstained");
      bubble.prepend(el("div", { className: "abstain-badge", "data-i18n": "noEvidence", text: t("noEvidence") }));
      view.body.textContent = response.answer;
      const closest = (response.passages || []).slice(0, 3);
      if (closest.length) bubble.append(sourceList(closest, t("closest"), false));
    } else {
      renderAnswerText(view.body, response.answer, response.citations);
      if ((response.citations || []).length) bubble.append(sourceList(response.citations, t("sources"), true));
    }
    noteUnavailable(response.degraded || []);
    bubble.append(actionsBar(response));
    scrollToEnd();
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

  async function ask(question) {
    if (state.busy || !question.trim()) return;
    state.busy = true;
    $("send").disabled = true;
    addUserMessage(question);
    const view = addAssistantMessage();
    const history = state.history.slice(-MAX_HISTORY_TURNS);
    let final = null;
    try {
      const response = await apiFetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question, history }),
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
      renderFinal(view, final);
      state.history.push({ role: "user", content: question }, { role: "assistant", content: final.answer });
    } catch (err) {
      renderError(view, err instanceof TypeError ? t("networkError") : err.message);
    } finally {
      state.busy = false;
      $("send").disabled = false;
    }
  }

  function newConversation() {
    state.history = [];
    for (const node of document.querySelectorAll("#conversation .message")) node.remove();
    $("empty-state").hidden = false;
    closePanel();
    $("question").focus();
  }

  // --- source panel ------------------------------------------------------------------------------

  function metaRow(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", { text: label }), el("dd", { text: String(value) }));
  }

  function closePanel() {
    const panel = $("source-panel");
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (state.panelReturnFocus && document.contains(state.panelReturnFocus)) state.panelReturnFocus.focus();
    state.panelReturnFocus = null;
  }

  async function openSource(source, opener) {
    const panel = $("source-panel");
    const text = $("source-text");
    const meta = $("source-meta");
    state.panelReturnFocus = opener || null;
    panel.hidden = false;
    document.body.classList.add("panel-open");
    $("source-title").textContent = source.title || source.doc;
    meta.replaceChildren();
    text.replaceChildren();
    $("source-status").textContent = t("loading");
    panel.focus();
    const highlight = Number.isInteger(source.start) && Number.isInteger(source.end);
    const query = highlight ? "?start=" + source.start + "&end=" + source.end : "";
    try {
      const doc = await getJSON("/api/documents/" + encodeURIComponent(source.doc) + query);
      $("source-title").textContent = doc.title || doc.doc;
      metaRow(meta, t("publisher"), doc.publisher);
      metaRow(meta, t("published"), doc.published);
      metaRow(meta, t("section"), source.section);
      metaRow(meta, t("page"), pageLabel(source.page));
      $("source-status").textContent = "";
      if (highlight && doc.highlight) {
        const before = doc.highlight.start - doc.before.length > 0 ? "…" + doc.before : doc.before;
        const after = doc.highlight.end + doc.after.length < doc.text.length ? doc.after + "…" : doc.after;
        const mark = el("mark", { text: doc.passage });
        text.append(document.createTextNode(before), mark, document.createTextNode(after));
        mark.scrollIntoView({ block: "center" });
      } else {
        text.append(document.createTextNode(doc.text));
      }
    } catch (err) {
      $("source-status").textContent = t("loadFailed", { message: err.message });
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
            el("td", { text: d.published }),
            el("td", { text: d.kind }),
            el("td", { className: "num", text: d.chunks.toLocaleString() }),
            el("td", { className: "num", text: d.chars.toLocaleString() })),
        );
      }
      status.textContent = docs.length ? "" : t("noDocuments");
      state.documentsLoaded = true;
    } catch (err) {
      status.textContent = t("loadFailed", { message: err.message });
    }
  }

  // --- facts view (協定・覚書一覧) ------------------------------------------------------------------

  async function loadFacts() {
    const body = document.querySelector("#facts-table tbody");
    const status = $("facts-status");
    status.textContent = t("loading");
    const params = new URLSearchParams();
    for (const [key, id] of [["subject", "facts-subject"], ["relation", "facts-relation"], ["partner", "facts-partner"]]) {
      const value = $(id).value.trim();
      if (value) params.set(key, value);
    }
    try {
      const facts = await getJSON("/api/facts" + (params.toString() ? "?" + params : ""));
      body.replaceChildren();
      for (const f of facts) {
        const open = el("button", { type: "button", className: "link", text: f.title || f.doc });
        open.addEventListener("click", () => openSource({
          doc: f.doc, start: f.start, end: f.end, title: f.title, section: f.section, page: f.page,
        }, open));
        const action = [f.action, f.instrument ? "「" + f.instrument + "」" : ""].filter(Boolean).join(" ");
        body.append(
          el("tr", {},
            el("td", { text: f.subject }),
            el("td", { text: f.partner }),
            el("td", { text: f.partner_country || "" }),
            el("td", { text: f.relation }),
            el("td", { text: action }),
            el("td", { text: f.date_as_written || f.date || "" }),
            el("td", {}, open, el("div", { className: "doc-id muted", text: f.quote }))),
        );
      }
      status.textContent = facts.length ? t("factsCount", { n: facts.length }) : t("noFacts");
      state.factsLoaded = true;
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
    if (view === "facts" && !state.factsLoaded) loadFacts();
  }

  // --- wiring ----------------------------------------------------------------------------------------

  function init() {
    applyLanguage();
    route();
    loadServiceState();
    window.addEventListener("hashchange", route);
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
    $("facts-filter").addEventListener("submit", (event) => {
      event.preventDefault();
      loadFacts();
    });
    $("new-chat").addEventListener("click", newConversation);
    $("close-panel").addEventListener("click", closePanel);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closePanel();
    });
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "ja" ? "en" : "ja";
      localStorage.setItem("docqa.lang", state.lang);
      applyLanguage();
    });
    input.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// The source panel: a passage in its document, the quote marked, title and metadata above it.
"use strict";

import { getJSON } from "./api.js";
import { $, el } from "./dom.js";
import { t } from "./i18n.js";

let returnFocus = null;

export function pageLabel(page) {
  return page === null || page === undefined ? "" : t("pageN", { n: page });
}

function metaRow(list, label, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", { text: label }), el("dd", { text: String(value) }));
}

export function closePanel() {
  const panel = $("source-panel");
  if (panel.hidden) return;
  panel.hidden = true;
  document.body.classList.remove("panel-open");
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

function documentURL(source, quote) {
  const params = new URLSearchParams();
  if (Number.isInteger(source.start) && Number.isInteger(source.end)) {
    params.set("start", source.start);
    params.set("end", source.end);
    if (quote && Number.isInteger(quote.quote_start) && Number.isInteger(quote.quote_end)) {
      params.set("quote_start", quote.quote_start);
      params.set("quote_end", quote.quote_end);
    } else if (quote && quote.text) {
      params.set("quote", quote.text.slice(0, 5000));
    }
  }
  const query = params.toString();
  return "/api/documents/" + encodeURIComponent(source.doc) + (query ? "?" + query : "");
}

// Scrolls the text box (not the page) so that the quote stands a little below its top.
function scrollToMark(box, mark) {
  const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - box.clientHeight / 4);
}

// source: {doc, title, publisher, published, section, page, start, end}; quote: {text, quote_start, quote_end}.
export async function openSource(source, opener, quote) {
  const panel = $("source-panel");
  const text = $("source-text");
  const meta = $("source-meta");
  returnFocus = opener || null;
  panel.hidden = false;
  document.body.classList.add("panel-open");
  $("source-title").textContent = source.title || source.doc;
  meta.replaceChildren();
  text.replaceChildren();
  text.scrollTop = 0;
  $("source-status").textContent = t("loading");
  $("source-title").focus();
  try {
    const doc = await getJSON(documentURL(source, quote));
    $("source-title").textContent = doc.title || doc.doc;
    metaRow(meta, t("publisher"), doc.publisher);
    metaRow(meta, t("published"), doc.published);
    metaRow(meta, t("section"), source.section);
    metaRow(meta, t("page"), pageLabel(source.page));
    $("source-status").textContent = "";
    if (doc.segments) {
      if (doc.more_before) text.append(document.createTextNode("…"));
      for (const segment of doc.segments) {
        if (segment.role === "quote") text.append(el("mark", { text: segment.text }));
        else if (segment.role === "passage") text.append(el("span", { className: "passage", text: segment.text }));
        else text.append(el("span", { className: "context", text: segment.text }));
      }
      if (doc.more_after) text.append(document.createTextNode("…"));
      // No quote found: the passage is what the citation points at.
      if (!text.querySelector("mark")) {
        const passage = text.querySelector(".passage");
        if (passage) passage.replaceWith(el("mark", { text: passage.textContent }));
      }
      const mark = text.querySelector("mark");
      if (mark) scrollToMark(text, mark);
    } else {
      text.append(document.createTextNode(doc.text));
    }
  } catch (err) {
    $("source-status").textContent = t("loadFailed", { message: err.message });
  }
}

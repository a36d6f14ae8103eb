// The 協定・覚書一覧 page: the fact table, filtered and sorted by the server, exported as CSV or .xlsx.
"use strict";

import { apiFetch, errorMessage, getJSON } from "./api.js";
import { $, el, icon, saveBlob } from "./dom.js";
import { openSource } from "./panel.js";
import { t } from "./i18n.js";

const sorting = { key: null, order: "asc" };

function query() {
  const params = new URLSearchParams();
  for (const [key, id] of [["subject", "facts-subject"], ["relation", "facts-relation"], ["partner", "facts-partner"]]) {
    const value = $(id).value.trim();
    if (value) params.set(key, value);
  }
  if (sorting.key) {
    params.set("sort", sorting.key);
    params.set("order", sorting.order);
  }
  return params.toString() ? "?" + params : "";
}

function showSorting() {
  for (const th of document.querySelectorAll("#facts-table th[data-sort]")) {
    const active = th.dataset.sort === sorting.key;
    th.setAttribute("aria-sort", active ? (sorting.order === "asc" ? "ascending" : "descending") : "none");
    const button = th.querySelector("button");
    button.querySelector("svg").replaceWith(icon(active ? (sorting.order === "asc" ? "sortUp" : "sortDown") : "sort"));
  }
}

export async function loadFacts() {
  const body = document.querySelector("#facts-table tbody");
  const status = $("facts-status");
  status.textContent = t("loading");
  try {
    const facts = await getJSON("/api/facts" + query());
    body.replaceChildren();
    for (const f of facts) {
      const open = el("button", { type: "button", className: "link", text: f.title || f.doc });
      open.addEventListener("click", () =>
        openSource(
          { doc: f.doc, start: f.start, end: f.end, title: f.title, section: f.section, page: f.page },
          open,
          { text: f.quote },
        ),
      );
      const action = [f.action, f.instrument ? "「" + f.instrument + "」" : ""].filter(Boolean).join(" ");
      body.append(
        el("tr", {},
          el("td", { className: "nowrap", text: f.subject }),
          el("td", { className: "nowrap", text: f.partner }),
          el("td", { className: "nowrap", text: f.partner_country || "" }),
          el("td", { className: "nowrap", text: f.relation }),
          el("td", { className: "wide", text: action }),
          el("td", { className: "nowrap", text: f.date_as_written || f.date || "" }),
          el("td", { className: "wide" }, open, el("div", { className: "doc-id muted", text: f.quote })),
          el("td", { className: "nowrap", text: f.edition || "" })),
      );
    }
    status.textContent = facts.length ? t("factsCount", { n: facts.length }) : t("noFacts");
    showSorting();
  } catch (err) {
    status.textContent = t("loadFailed", { message: err.message });
  }
}

async function exportRows(ext) {
  const status = $("facts-status");
  try {
    const response = await apiFetch("/api/facts." + ext + query());
    if (!response.ok) throw new Error(await errorMessage(response));
    saveBlob(await response.blob(), "agreements." + ext);
    status.textContent = t("downloaded");
  } catch (err) {
    status.textContent = t("loadFailed", { message: err.message });
  }
}

export function initFacts() {
  $("facts-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    loadFacts();
  });
  for (const th of document.querySelectorAll("#facts-table th[data-sort]")) {
    const label = th.textContent.trim();
    const button = el("button", { type: "button", className: "sort-button" },
      el("span", { "data-i18n": th.dataset.i18n, text: label }), icon("sort"));
    th.removeAttribute("data-i18n");
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const key = th.dataset.sort;
      sorting.order = sorting.key === key && sorting.order === "asc" ? "desc" : "asc";
      sorting.key = key;
      loadFacts();
    });
  }
  $("facts-csv").addEventListener("click", () => exportRows("csv"));
  $("facts-xlsx").addEventListener("click", () => exportRows("xlsx"));
}

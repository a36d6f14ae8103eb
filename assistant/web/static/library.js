// 文書管理: upload (drag and drop or a file chooser), replace and delete documents; each change is
// an ingest job on the server, shown with its progress and then its result per file.
"use strict";

import { apiFetch, errorMessage, getJSON, sendForm } from "./api.js";
import { $, el, iconButton } from "./dom.js";
import { t } from "./i18n.js";

const POLL_MS = 400;
let onChanged = () => {};

function jobBox(label) {
  const bar = el("progress", { max: "1", value: "0" });
  const line = el("span", { className: "job-status", text: label });
  const list = el("ul");
  const box = el("div", { className: "job" }, bar, line, list);
  $("jobs").prepend(box);
  return { box, bar, line, list };
}

function describe(result) {
  if (result.outcome === "indexed") {
    const parts = [t("resultIndexed", { doc: result.doc, chunks: result.chunks })];
    if (result.ocr_pages.length) parts.push(t("resultOcr", { pages: result.ocr_pages.join(", ") }));
    return parts.join(" / ");
  }
  if (result.outcome === "deleted") return t("resultDeleted", { doc: result.doc });
  if (result.outcome === "unchanged") return t("resultUnchanged", { doc: result.doc });
  return t("resultRefused", { doc: result.doc, message: result.message });
}

// Polls the job until it ends; shows its stage and progress, then one line per document.
async function follow(job, view) {
  for (;;) {
    if (job.state === "queued") view.line.textContent = t("jobQueued");
    if (job.state === "running") {
      const stage = t("stage_" + job.stage);
      view.line.textContent = t("jobRunning", { stage: stage.startsWith("stage_") ? job.stage : stage, done: job.done, total: job.total });
      view.bar.value = job.total ? job.done / job.total : 0;
    }
    if (job.state === "done" || job.state === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await getJSON("/api/jobs/" + encodeURIComponent(job.id));
  }
  view.bar.value = 1;
  view.box.dataset.state = job.state;
  view.line.textContent = job.state === "done" ? t("jobDone") : t("jobFailed", { message: job.error || "" });
  for (const result of job.results) {
    view.list.append(el("li", { className: result.outcome === "refused" ? "refused" : "", "data-outcome": result.outcome, text: describe(result) }));
  }
  onChanged();
}

async function send(method, path, form, label) {
  const view = jobBox(label);
  try {
    const { status, body } = await sendForm(method, path, form, (share) => {
      view.bar.value = share * 0.3;
      view.line.textContent = t("uploading", { percent: Math.round(share * 100) });
    });
    if (status !== 202) {
      view.box.dataset.state = "failed";
      view.line.textContent = t("jobFailed", { message: (body && body.error && body.error.message) || String(status) });
      return;
    }
    await follow(body, view);
  } catch (err) {
    view.box.dataset.state = "failed";
    view.line.textContent = t("jobFailed", { message: err.message });
  }
}

function chosen(files) {
  const names = Array.from(files || []).map((f) => f.name);
  $("chosen-files").textContent = names.length ? t("chosenFiles", { names: names.join("、") }) : "";
}

function metadata(form) {
  for (const name of ["series", "edition", "publisher", "published"]) {
    const value = $("upload-" + name).value.trim();
    if (value) form.append(name, value);
  }
}

async function upload(files) {
  if (!files || !files.length) {
    $("chosen-files").textContent = t("noFileChosen");
    return;
  }
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  metadata(form);
  const groups = $("upload-groups").value.trim();
  if (groups) form.append("groups", groups);
  await send("POST", "/api/documents", form, Array.from(files).map((f) => f.name).join("、"));
  $("upload-files").value = "";
  chosen([]);
}

function confirmDelete(title) {
  return new Promise((resolve) => {
    const dialog = $("delete-dialog");
    $("delete-text").textContent = t("confirmDelete", { title });
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

// The replace and delete buttons of one row of the document list (only for uploaded documents).
export function documentActions(doc) {
  if (!doc.uploaded) return el("span", { className: "muted", text: t("fromFolder") });
  const title = doc.title || doc.doc;
  const replace = iconButton("pencil", t("replace"), { "aria-label": t("replaceLabel", { title }), "data-doc": doc.doc });
  replace.addEventListener("click", () => {
    const input = $("replace-file");
    input.onchange = () => {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      const form = new FormData();
      form.append("file", file, file.name);
      metadata(form);
      send("PUT", "/api/documents/" + encodeURIComponent(doc.doc), form, doc.doc);
    };
    input.click();
  });
  const remove = iconButton("trash", t("delete"), { "aria-label": t("deleteLabel", { title }), "data-doc": doc.doc });
  remove.addEventListener("click", async () => {
    if (!(await confirmDelete(title))) return;
    const view = jobBox(doc.doc);
    const response = await apiFetch("/api/documents/" + encodeURIComponent(doc.doc), { method: "DELETE" });
    if (response.status !== 202) {
      view.line.textContent = t("jobFailed", { message: await errorMessage(response) });
      return;
    }
    await follow(await response.json(), view);
  });
  return el("div", { className: "row-actions" }, replace, remove);
}

export function initLibrary(changed) {
  onChanged = changed;
  const zone = $("drop-zone");
  const input = $("upload-files");
  input.addEventListener("change", () => chosen(input.files));
  $("upload-form").addEventListener("submit", (event) => {
    event.preventDefault();
    upload(input.files);
  });
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  for (const name of ["dragleave", "drop"]) zone.addEventListener(name, () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) {
      chosen(files);
      upload(files);
    }
  });
}

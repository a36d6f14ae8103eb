// The API: who is signed in (/api/me: with DOCQA_AUTH=local the session's CSRF token goes with
// every POST, and a 401 leads to /signin), the token (asked for once per tab on a 401 when
// sign-in is off), JSON and event-stream reading.
"use strict";

import { $ } from "./dom.js";

let me = null;
let loading = null;
const SAFE = new Set(["GET", "HEAD"]);

// The viewer ({auth, name, role, groups, csrf}); null until known.
export function viewer() {
  return me;
}

// Asked once at start, without the token dialog: with sign-in off and a token set, the first
// request the user makes asks for the token.
export function loadViewer() {
  const headers = token() ? { Authorization: "Bearer " + token() } : {};
  loading = fetch("/api/me", { headers })
    .then(async (response) => {
      if (response.status === 401 && (await notSignedIn(response))) window.location.assign("/signin");
      return response.ok ? response.json() : null;
    })
    .then((body) => {
      me = body;
      return me;
    });
  return loading;
}

export async function signOut() {
  await apiFetch("/api/signout", { method: "POST" });
  window.location.assign("/signin");
}

async function notSignedIn(response) {
  try {
    const body = await response.clone().json();
    return Boolean(body && body.error && body.error.code === "not_signed_in");
  } catch (_) {
    return false;
  }
}

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

// Sends a form with XMLHttpRequest, which reports upload progress (fetch does not), with the
// token or the session's CSRF token and the 401 handling of apiFetch. Resolves to {status, body}
// with the parsed JSON body.
export async function sendForm(method, path, form, onProgress, retried) {
  if (loading) await loading;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    if (token()) request.setRequestHeader("Authorization", "Bearer " + token());
    if (me && me.csrf) request.setRequestHeader("X-CSRF-Token", me.csrf);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", async () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (_) {
        body = null;
      }
      if (request.status === 401 && body && body.error && body.error.code === "not_signed_in") {
        window.location.assign("/signin");
      } else if (request.status === 401 && !retried && (await askForToken())) {
        resolve(sendForm(method, path, form, onProgress, true));
        return;
      }
      resolve({ status: request.status, body });
    });
    request.addEventListener("error", () => reject(new Error("network error")));
    request.send(form);
  });
}

export async function apiFetch(path, options, retried) {
  const headers = Object.assign({}, (options && options.headers) || {});
  if (token()) headers.Authorization = "Bearer " + token();
  const method = ((options && options.method) || "GET").toUpperCase();
  if (!SAFE.has(method) && loading) await loading;
  if (me && me.csrf && !SAFE.has(method)) headers["X-CSRF-Token"] = me.csrf;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401 && (await notSignedIn(response))) {
    window.location.assign("/signin");
    return response;
  }
  if (response.status === 401 && !retried && (await askForToken())) {
    return apiFetch(path, options, true);
  }
  return response;
}

export async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (_) {
    // not JSON: fall through to the status line
  }
  return response.status + " " + response.statusText;
}

export async function getJSON(path) {
  const response = await apiFetch(path);
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.json();
}

export async function postJSON(path, body) {
  const response = await apiFetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  return response;
}

// Reads a text/event-stream body; calls onEvent(name, data) per event.
export async function readEvents(response, onEvent) {
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

// The sign-in page: POST /api/signin (JSON), then the chat. The session cookie is HttpOnly;
// the chat reads its CSRF token from /api/me.
"use strict";

const form = document.getElementById("signin-form");
const error = document.getElementById("signin-error");
const submit = document.getElementById("signin-submit");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  submit.disabled = true;
  try {
    const response = await fetch("/api/signin", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        name: document.getElementById("signin-name").value,
        password: document.getElementById("signin-password").value,
      }),
    });
    if (response.ok) {
      window.location.assign("/");
      return;
    }
    let message = response.status + " " + response.statusText;
    try {
      const body = await response.json();
      if (body && body.error) {
        message = response.status === 429
          ? "サインインの失敗が続いたため、しばらく待ってからお試しください。(" + body.error.message + ")"
          : response.status === 401
            ? "ユーザー名またはパスワードが違います。"
            : body.error.message;
      }
    } catch (_) {
      // not JSON: the status line
    }
    error.textContent = message;
    error.hidden = false;
  } finally {
    submit.disabled = false;
  }
});

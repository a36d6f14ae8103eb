// DOM helpers. Strings always become text nodes: no document or answer text is parsed as HTML.
"use strict";

export const $ = (id) => document.getElementById(id);

// el("p", {className: "x"}, "text", child): props set attributes (on… adds a listener).
export function el(tag, props, ...children) {
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

const SVG = "http://www.w3.org/2000/svg";

// Outline icons on a 24-unit grid, drawn with the current text colour (no icon font, no emoji).
const ICONS = {
  copy: ["M9 9h10v12H9z", "M5 15H4V3h11v1"],
  markdown: ["M3 6h18v12H3z", "M7 15V9l2.5 3L12 9v6", "M16 9v6", "M14 13l2 2 2-2"],
  download: ["M12 4v11", "M7 10l5 5 5-5", "M5 20h14"],
  thumbUp: ["M7 11v9H4v-9z", "M7 11l4-7c1.5 0 2.5 1 2 3l-1 3h6c1 0 2 1 1.7 2.2l-1.6 6.3c-.3 1-1 1.5-2 1.5H7"],
  thumbDown: ["M7 13V4H4v9z", "M7 13l4 7c1.5 0 2.5-1 2-3l-1-3h6c1 0 2-1 1.7-2.2l-1.6-6.3c-.3-1-1-1.5-2-1.5H7"],
  pencil: ["M4 20h4L19 9l-4-4L4 16z", "M13.5 6.5l4 4"],
  trash: ["M4 7h16", "M9 7V4h6v3", "M6 7l1 13h10l1-13", "M10 11v6", "M14 11v6"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  plus: ["M12 5v14", "M5 12h14"],
  sort: ["M8 4v16", "M4 8l4-4 4 4", "M16 20V4", "M12 16l4 4 4-4"],
  sortUp: ["M12 19V5", "M6 11l6-6 6 6"],
  sortDown: ["M12 5v14", "M6 13l6 6 6-6"],
  table: ["M3 5h18v14H3z", "M3 10h18", "M3 15h18", "M9 5v14"],
};

export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

// A button with an icon and a label; iconOnly keeps the label for screen readers and the tooltip.
export function iconButton(name, label, props, iconOnly) {
  const button = el("button", Object.assign({ type: "button", className: "ghost small icon-text" }, props || {}));
  button.append(icon(name));
  if (iconOnly) {
    button.setAttribute("aria-label", label);
    button.setAttribute("title", label);
    button.classList.add("icon-only");
  } else {
    button.append(el("span", { text: label }));
  }
  return button;
}

// Saves a Blob as a file through a temporary link (works with the API token: no plain href).
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename, className: "visually-hidden" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

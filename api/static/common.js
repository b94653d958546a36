// Shared by the ask page and the report view: API calls, the API key, and safe text rendering.

/** The app's root URL (this file lives in <root>/static/), so the page also works under a path prefix. */
export const ROOT = new URL("../", import.meta.url);

const KEY_STORAGE = "qa.apiKey";

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(value) {
  const key = value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** An error the API (or the network) reported, with a message fit to show to the user. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function detailOf(body) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && body.detail !== undefined) return JSON.stringify(body.detail);
  return "";
}

/** fetch() a v1 path as JSON (a FormData body goes as multipart); throws ApiError with the server's
 * {"detail": "..."} message. */
export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  let resp;
  try {
    resp = await fetch(new URL(path, ROOT), {
      method,
      headers,
      body: body === undefined || form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("无法连接到服务器，请检查网络后重试。", 0);
  }
  let data = null;
  try {
    data = await resp.json();
  } catch {
    data = null;
  }
  if (!resp.ok) {
    const hint = {
      401: "API 密钥缺失或无效：请在“API 密钥（可选）”中填写正确的密钥。",
      413: "文件太大。",
      403: "API 密钥无效或无权访问。",
      429: "请求过于频繁，请稍后再试。",
      503: "服务暂不可用（索引未加载）。",
    }[resp.status];
    const detail = detailOf(data) || resp.statusText || "未知错误";
    throw new ApiError(hint ? `${hint}（${detail}）` : detail, resp.status);
  }
  return data;
}

/** Element with text content only: data from the API never becomes HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** "第3页" for a citation of a PDF report, "" otherwise. */
export function pageLabel(page) {
  return Number.isInteger(page) && page > 0 ? `第${page}页` : "";
}

/** "东城街道 · 2022年" */
export function placeAndYear(district, year) {
  return [district, year ? `${year}年` : "年份不详"].filter(Boolean).join(" · ");
}

/** URL of the readable report view, scrolled to characters [start, end). */
export function reportUrl(docId, start, end) {
  const url = new URL(`report/${encodeURIComponent(docId)}`, ROOT);
  if (Number.isInteger(start) && Number.isInteger(end)) url.hash = `${start}-${end}`;
  return url.href;
}

/** [from, to): the paragraph around text[start:end], widened to at least `min` and cut to at most `max`
 * characters on each side. */
export function contextBounds(text, start, end, { min = 150, max = 500 } = {}) {
  const paraStart = text.lastIndexOf("\n", start - 1) + 1;
  const nextBreak = text.indexOf("\n", end);
  const paraEnd = nextBreak === -1 ? text.length : nextBreak;
  const from = Math.max(0, Math.min(paraStart, start - min), start - max);
  const to = Math.min(text.length, Math.max(paraEnd, end + min), end + max);
  return [from, to];
}

/** text[from:to] with text[start:end] wrapped in <mark class="cited">; "……" where text was cut. */
export function textWithSpan(text, start, end, from = 0, to = text.length) {
  const frag = document.createDocumentFragment();
  if (from > 0) frag.append(el("span", { class: "ellipsis" }, "……"));
  frag.append(text.slice(from, start));
  const mark = el("mark", { class: "cited" }, text.slice(start, end));
  frag.append(mark);
  frag.append(text.slice(end, to));
  if (to < text.length) frag.append(el("span", { class: "ellipsis" }, "……"));
  return { frag, mark };
}

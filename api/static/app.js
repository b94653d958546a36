// The ask page: question → answer card + citation cards, 👍/👎, recent questions of this tab.
import {
  ApiError,
  api,
  apiKey,
  contextBounds,
  el,
  pageLabel,
  placeAndYear,
  reportUrl,
  setApiKey,
  textWithSpan,
} from "./common.js";

const RECENT = "qa.recent"; // questions asked in this tab, oldest first
const LAST = "qa.last"; // the last answer shown, restored after returning from a report
const MAX_RECENT = 10;
const HISTORY = 5; // earlier questions sent along so that "那四季青街道呢？" is understood

const $ = (id) => document.getElementById(id);
const form = $("ask-form");
const input = $("question");
const askButton = $("ask-button");
const districtSelect = $("district");
const yearSelect = $("year");
const keyInput = $("api-key");
const loading = $("loading");
const errorBox = $("error");
const result = $("result");

let documents = []; // GET /v1/documents, for the selectors and the not-found state
let busy = false;
const texts = new Map(); // doc_id → Promise of the report's cleaned text

// ---- session storage -----------------------------------------------------------------------
function readJson(key, fallback) {
  try {
    return JSON.parse(sessionStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

function recentQuestions() {
  const list = readJson(RECENT, []);
  return Array.isArray(list) ? list.filter((q) => typeof q === "string") : [];
}

function remember(question) {
  const list = recentQuestions().filter((q) => q !== question);
  list.push(question);
  sessionStorage.setItem(RECENT, JSON.stringify(list.slice(-MAX_RECENT)));
  renderRecent();
}

function renderRecent() {
  const list = recentQuestions();
  const box = $("recent-list");
  box.replaceChildren(
    ...list
      .slice()
      .reverse()
      .map((q) => {
        const button = el("button", { type: "button", title: "再问一次" }, q);
        button.addEventListener("click", () => {
          input.value = q;
          ask();
        });
        return el("li", {}, button);
      }),
  );
  $("recent").hidden = list.length === 0;
}

// ---- status --------------------------------------------------------------------------------
function showError(message, status) {
  if (status === 401 || status === 403) $("settings").open = true;
  errorBox.replaceChildren(el("strong", {}, "出错了"), message);
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.replaceChildren();
}

function setBusy(on) {
  busy = on;
  loading.hidden = !on;
  askButton.disabled = on;
  result.setAttribute("aria-busy", on ? "true" : "false");
}

// ---- figures in the answer -----------------------------------------------------------------
// A copy of UNITS in qa/lexicon/figures.py (plus 万/亿/倍), kept equal by tests/api/test_web_units.py.
const UNIT = "个百分点|平方米|人次|件次|家次|批次|车次|户次|场次|公里|小时|%|％|元|宗|件|次|个|家|人|名|位|份|条|场|期|批|项|笔|篇|台|起|户|张|幢|栋|支|封|块|所|座|处|册|本|辆|吨|亩|间|套|成|天|岁|万|亿|倍";
const FIGURE = new RegExp(
  `\\d+(?:[.,]\\d+)*(?:\\s*(?:${UNIT}))?|百分之[零一二两三四五六七八九十百点]+|[零一二两三四五六七八九十百千]+[万亿]?(?:${UNIT})`,
  "g",
);
const BARE_NUMBER = /^\d+(?:[.,]\d+)*$/;

/** The answer text with its figures (70%, 7宗, 百分之九十) in <mark class="fig">; dates are left plain. */
function withFigures(text) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const m of text.matchAll(FIGURE)) {
    const next = text[m.index + m[0].length] || "";
    if (BARE_NUMBER.test(m[0]) && /[年月日号]/.test(next)) continue;
    frag.append(text.slice(at, m.index), el("mark", { class: "fig" }, m[0]));
    at = m.index + m[0].length;
  }
  frag.append(text.slice(at));
  return frag;
}

// ---- documents -----------------------------------------------------------------------------
function fillSelect(select, values, label) {
  const current = select.value;
  select.replaceChildren(
    el("option", { value: "" }, "全部"),
    ...values.map((v) => el("option", { value: v }, label(v))),
  );
  if (values.map(String).includes(current)) select.value = current;
}

async function loadDocuments() {
  try {
    documents = (await api("v1/documents")).documents;
  } catch (err) {
    showError(`无法加载报告列表：${err.message}`, err.status);
    return;
  }
  const districts = [...new Set(documents.map((d) => d.district).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b, "zh-CN"),
  );
  const years = [...new Set(documents.map((d) => d.year).filter((y) => y))].sort((a, b) => b - a);
  fillSelect(districtSelect, districts, (d) => d);
  fillSelect(yearSelect, years, (y) => `${y}年`);
}

function reportText(docId) {
  if (!texts.has(docId)) {
    const promise = api(`v1/documents/${encodeURIComponent(docId)}`).then((d) => d.text);
    promise.catch(() => texts.delete(docId));
    texts.set(docId, promise);
  }
  return texts.get(docId);
}

// ---- rendering -----------------------------------------------------------------------------
function feedbackBar(state) {
  const up = el("button", { type: "button", class: "up", "aria-pressed": "false" }, "👍 有帮助");
  const down = el("button", { type: "button", class: "down", "aria-pressed": "false" }, "👎 没帮助");
  const note = el("span", { class: "done", role: "status" });
  const bar = el("div", { class: "feedback" }, el("span", { class: "meta" }, "这个回答有帮助吗？"), up, down, note);

  const done = (rating, id) => {
    up.disabled = down.disabled = true;
    (rating === "up" ? up : down).setAttribute("aria-pressed", "true");
    note.textContent = `已记录反馈（编号 #${id}），谢谢！`;
  };
  if (state.feedback) done(state.feedback.rating, state.feedback.id);

  const send = async (rating) => {
    up.disabled = down.disabled = true;
    note.textContent = "正在提交…";
    const { response } = state;
    try {
      const { id } = await api("v1/feedback", {
        method: "POST",
        body: {
          question: response.question,
          answer: response.answer,
          citations: response.citations,
          rating,
          channel: "web",
        },
      });
      state.feedback = { rating, id };
      sessionStorage.setItem(LAST, JSON.stringify(state));
      done(rating, id);
    } catch (err) {
      up.disabled = down.disabled = false;
      note.textContent = "";
      showError(`反馈没有保存：${err.message}`, err.status);
    }
  };
  up.addEventListener("click", () => send("up"));
  down.addEventListener("click", () => send("down"));
  return bar;
}

function answerCard(state) {
  const { asked, response } = state;
  const understood =
    response.question !== asked ? el("p", { class: "asked" }, `按“${response.question}”理解`) : null;
  if (!response.found) {
    const related = relatedList(response.related);
    const indexed = related || !documents.length ? null : el(
          "div",
          {},
          el("p", { class: "meta" }, "已收录的报告："),
          el("ul", {}, ...documents.map((d) => el("li", {}, `${placeAndYear(d.district, d.year)}：《${d.title}》`))),
        );
    return el(
      "article",
      { class: "card notfound", "aria-labelledby": "answer-title" },
      el("h2", { id: "answer-title" }, el("span", { class: "badge" }, "未找到"), "已收录的报告中没有答案"),
      understood,
      el("p", { class: "text" }, response.answer),
      related,
      indexed,
      feedbackBar(state),
    );
  }
  const first = response.citations[0];
  const source = first ? `出处：《${first.title}》` : "";
  return el(
    "article",
    { class: "card answer", "aria-labelledby": "answer-title" },
    el("h2", { id: "answer-title" }, "答案"),
    understood,
    valueLine(response.value),
    response.note ? el("p", { class: "meta note" }, response.note) : null,
    el("p", { class: "text" }, withFigures(response.answer)),
    factTable(response.table),
    el(
      "p",
      { class: "meta" },
      [`置信度 ${Math.round(response.confidence * 100)}%`, `用时 ${Math.round(response.took_ms)} 毫秒`, source]
        .filter(Boolean)
        .join(" · "),
    ),
    feedbackBar(state),
  );
}

// A figure answer leads with its checked value, large: 东城街道 2022年 出庭应诉率 70%.
function valueLine(value) {
  if (!value) return null;
  const label = [value.district, value.year ? `${value.year}年` : "", value.indicator].filter(Boolean).join(" ");
  return el("p", { class: "value" }, el("span", { class: "label" }, label), el("strong", { class: "figure" }, value.text));
}

// A refusal shows what the reports do state nearby, each with its source: not the answer.
function relatedList(related) {
  if (!Array.isArray(related) || !related.length) return null;
  return el(
    "div",
    { class: "related" },
    el("p", { class: "meta" }, "报告中相近的内容（并非所问）："),
    el("ul", {}, ...related.map((c) => el("li", {}, withFigures(c.text), el("span", { class: "meta" }, ` ——《${c.title}》`)))),
  );
}

// Comparison / ranking answers: one row per report; a value the report does not state is 未披露.
function factTable(rows) {
  if (!Array.isArray(rows) || !rows.length) return null;
  const head = el("tr", {}, ...["地区", "年份", "数值"].map((h) => el("th", { scope: "col" }, h)));
  const body = rows.map((r) =>
    el(
      "tr",
      { class: r.value === null ? "undisclosed" : "" },
      el("td", {}, r.district),
      el("td", {}, r.year === null ? "—" : String(r.year)),
      el("td", {}, r.value === null ? "未披露" : r.value_text),
    ),
  );
  return el("table", { class: "facts" }, el("thead", {}, head), el("tbody", {}, ...body));
}

function citationText(c) {
  const page = pageLabel(c.page);
  return `${c.text}\n——《${c.title}》${c.section ? ` ${c.section}` : ""}${page ? ` ${page}` : ""}`;
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http intranet pages have no Clipboard API.
  const area = el("textarea", { readonly: true, style: "position:fixed;left:-9999px" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy failed");
}

function citationCard(c, index, answer) {
  const node = document.getElementById("citation-template").content.firstElementChild.cloneNode(true);
  node.querySelector(".title").textContent = `${index + 1}. 《${c.title}》`;
  node
    .querySelector(".where")
    .replaceChildren(
      el("span", { class: "tag" }, c.district || "地区不详"),
      el("span", { class: "tag" }, c.year ? `${c.year}年` : "年份不详"),
      pageLabel(c.page) ? el("span", { class: "tag page" }, pageLabel(c.page)) : null,
      c.section ? c.section.split(" > ").join(" › ") : "（无章节）",
    );
  const passage = node.querySelector(".passage");
  const at = answer ? c.text.indexOf(answer) : -1;
  if (at >= 0) {
    passage.append(c.text.slice(0, at), el("strong", {}, c.text.slice(at, at + answer.length)), c.text.slice(at + answer.length));
  } else {
    passage.textContent = c.text;
  }

  const full = node.querySelector(".full");
  full.href = reportUrl(c.doc_id, c.start, c.end);
  full.setAttribute("aria-label", `查看全文：《${c.title}》`);

  const context = node.querySelector(".context");
  context.id = `context-${index}`;
  const expand = node.querySelector(".expand");
  expand.setAttribute("aria-controls", context.id);
  expand.addEventListener("click", async () => {
    const open = expand.getAttribute("aria-expanded") === "true";
    if (open) {
      context.hidden = true;
      expand.setAttribute("aria-expanded", "false");
      expand.textContent = "展开上下文";
      return;
    }
    context.hidden = false;
    expand.setAttribute("aria-expanded", "true");
    expand.textContent = "收起上下文";
    if (context.dataset.loaded) return;
    context.replaceChildren(el("span", { class: "meta" }, "正在加载原文…"));
    try {
      const text = await reportText(c.doc_id);
      const [from, to] = contextBounds(text, c.start, c.end);
      const { frag, mark } = textWithSpan(text, c.start, c.end, from, to);
      context.replaceChildren(frag);
      context.dataset.loaded = "1";
      mark.scrollIntoView({ block: "nearest" });
    } catch (err) {
      context.replaceChildren(el("span", { class: "meta" }, `原文加载失败：${err.message}`));
    }
  });

  const copied = node.querySelector(".copied");
  node.querySelector(".copy").addEventListener("click", async () => {
    try {
      await copy(citationText(c));
      copied.textContent = "已复制";
    } catch {
      copied.textContent = "复制失败，请手动选择文字复制";
    }
    setTimeout(() => (copied.textContent = ""), 3000);
  });
  return node;
}

function render(state) {
  const { response } = state;
  const parts = [answerCard(state)];
  if (response.citations.length) {
    parts.push(
      el(
        "section",
        { class: "card citations", "aria-labelledby": "citations-title" },
        el("h2", { id: "citations-title" }, `出处（${response.citations.length}）`),
        el("ol", {}, ...response.citations.map((c, i) => citationCard(c, i, i === 0 && response.found ? response.answer : ""))),
      ),
    );
  }
  result.replaceChildren(...parts);
}

// ---- asking --------------------------------------------------------------------------------
async function ask() {
  if (busy) return;
  const asked = input.value.trim();
  if (!asked) {
    showError("请输入问题。");
    input.focus();
    return;
  }
  clearError();
  setBusy(true);
  result.replaceChildren();
  const body = {
    question: asked,
    top_k: 5,
    district: districtSelect.value || null,
    year: yearSelect.value ? Number(yearSelect.value) : null,
    history: recentQuestions().slice(-HISTORY),
  };
  try {
    const response = await api("v1/ask", { method: "POST", body });
    const state = { asked, response };
    sessionStorage.setItem(LAST, JSON.stringify(state));
    remember(response.question);
    render(state);
  } catch (err) {
    showError(err instanceof ApiError ? err.message : `页面出错：${err.message}`, err.status);
  } finally {
    setBusy(false);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask();
});

keyInput.value = apiKey();
if (keyInput.value) $("settings").open = true;
keyInput.addEventListener("change", () => {
  setApiKey(keyInput.value);
  clearError();
  loadDocuments();
});

// ---- uploading reports ---------------------------------------------------------------------
const uploadForm = $("upload-form");
const uploadFiles = $("upload-files");
const uploadButton = $("upload-button");
const uploadResult = $("upload-result");

function uploadSummary(body) {
  const lines = [];
  const names = (list) => list.join("、");
  if (body.added.length) lines.push(el("li", {}, `已收录：${names(body.added)}`));
  if (body.replaced.length) lines.push(el("li", {}, `已更新：${names(body.replaced)}`));
  if (body.unchanged.length) lines.push(el("li", {}, `未变化：${names(body.unchanged)}`));
  for (const s of body.skipped) {
    const reason = s.reason.startsWith(s.file) ? s.reason : `${s.file}: ${s.reason}`;
    lines.push(el("li", { class: "skipped" }, `未收录：${reason}`));
  }
  lines.push(el("li", { class: "meta" }, `现有 ${body.reports} 份报告，${body.passages} 段。`));
  return el("ul", {}, ...lines);
}

uploadForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!uploadFiles.files.length) {
    uploadResult.replaceChildren("请选择要上传的报告文件。");
    return;
  }
  const data = new FormData();
  for (const file of uploadFiles.files) data.append("files", file, file.name);
  uploadButton.disabled = true;
  uploadResult.replaceChildren(el("span", { class: "meta" }, "正在上传并建立索引…"));
  try {
    uploadResult.replaceChildren(uploadSummary(await api("v1/documents", { method: "POST", body: data })));
    uploadForm.reset();
    texts.clear();
    await loadDocuments();
  } catch (err) {
    uploadResult.replaceChildren(el("span", { class: "error-text" }, `上传失败：${err.message}`));
  } finally {
    uploadButton.disabled = false;
  }
});

$("recent-clear").addEventListener("click", () => {
  sessionStorage.removeItem(RECENT);
  renderRecent();
  input.focus();
});

// "/" jumps to the question box from anywhere but a text field.
document.addEventListener("keydown", (event) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    input.focus();
  }
});

renderRecent();
await loadDocuments();
const last = readJson(LAST, null);
if (last && last.response && Array.isArray(last.response.citations)) {
  input.value = last.asked || "";
  render(last);
}
document.documentElement.dataset.ready = "1";

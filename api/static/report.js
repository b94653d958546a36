// The report view: /report/{doc_id}#start-end shows the cleaned text with characters [start, end)
// highlighted and scrolled into view.
import { api, el, pageLabel, placeAndYear, textWithSpan } from "./common.js";

const $ = (id) => document.getElementById(id);

/** [start, end] from "#3884-4080" when it fits inside a text of `length` characters, else null. */
function spanFromHash(length) {
  const m = /^#(\d+)-(\d+)$/.exec(location.hash);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return start < end && end <= length ? [start, end] : null;
}

/** The page (from 1) the character at `offset` is printed on, given where each page starts; null
 * for a report without pages. */
function pageAt(pages, offset) {
  if (!Array.isArray(pages) || !pages.length) return null;
  let page = 0;
  while (page < pages.length && pages[page] <= offset) page += 1;
  return Math.max(1, page);
}

function showSpan(text, pages) {
  const body = $("report-text");
  const span = spanFromHash(text.length);
  if (!span) {
    body.replaceChildren(text);
    $("report-span").hidden = true;
    return;
  }
  const { frag, mark } = textWithSpan(text, span[0], span[1]);
  mark.id = "cited";
  body.replaceChildren(frag);
  const note = $("report-span");
  const page = pageLabel(pageAt(pages, span[0]));
  note.replaceChildren(
    "引用位置：",
    page ? `${page}，` : "",
    "第 ",
    `${span[0]}–${span[1]}`,
    " 字（已高亮） ",
    el("button", { type: "button" }, "跳到引用"),
  );
  note.querySelector("button").addEventListener("click", () => mark.scrollIntoView({ block: "center" }));
  note.hidden = false;
  mark.scrollIntoView({ block: "center" });
}

async function main() {
  const docId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  // Back to the ask page this tab came from, keeping its answer on screen.
  if (document.referrer && new URL(document.referrer).origin === location.origin && history.length > 1) {
    $("back").addEventListener("click", (event) => {
      event.preventDefault();
      history.back();
    });
  }
  try {
    const doc = await api(`v1/documents/${encodeURIComponent(docId)}`);
    document.title = `${doc.title} · 法治问答`;
    $("report-title").textContent = `《${doc.title}》`;
    $("report-meta").textContent = [
      placeAndYear(doc.district, doc.year),
      doc.city,
      doc.published ? `发布于 ${doc.published}` : "",
      `文件 ${doc.source}`,
    ]
      .filter(Boolean)
      .join(" · ");
    $("report").hidden = false;
    showSpan(doc.text, doc.pages);
    window.addEventListener("hashchange", () => showSpan(doc.text, doc.pages));
  } catch (err) {
    const error = $("error");
    error.replaceChildren(el("strong", {}, "无法加载报告"), err.message);
    error.hidden = false;
  } finally {
    $("loading").hidden = true;
    document.documentElement.dataset.ready = "1";
  }
}

main();

"""Government-style test documents made from plain-text reports: a .docx with python-docx, and a PDF
printed from it by LibreOffice headless (``soffice --convert-to pdf``).

The layout follows GB/T 9704 (党政机关公文格式) closely enough to exercise the readers: A4, 三号 (16pt)
serif CJK body, justified, first line indented two characters (about 28 characters a line), the
report's title centred in 二号 (22pt) on page one, 一、/（一） headings in Heading styles, the issuer
and date lines right-aligned at the end, a running header with a unit name and a centred "— N —"
page footer carried by a PAGE field: what published reports have and the readers must remove.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from qa.ingest.clean import find_title, is_signature_line

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28.9  # 22 lines a page
SOFFICE_TIMEOUT_S = 240
HEADER_TEXT = "某某区某某街道办事处"  # the running header: must not reach the report text
TABLE_ROWS: tuple[tuple[str, ...], ...] = (
    ("项目", "2021年", "2022年"),
    ("行政复议案件（件）", "12", "15"),
    ("普法宣传活动（场）", "36", "42"),
)

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_NUMBER = re.compile(r"\d{2,}")


def soffice_path() -> str | None:
    """The LibreOffice binary on PATH (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _families() -> set[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def cjk_fonts() -> tuple[str, str]:
    """(serif, sans) CJK fonts: Noto CJK SC when installed (fonts-noto-cjk), else 仿宋 / 黑体."""
    families = _families()
    serif = "Noto Serif CJK SC" if "Noto Serif CJK SC" in families else "仿宋"
    sans = "Noto Sans CJK SC" if "Noto Sans CJK SC" in families else "黑体"
    return serif, sans


def report_lines(text: str) -> list[str]:
    """The non-empty lines of a plain-text report, stripped (full-width spaces too)."""
    return [line.strip(" \t\u3000\u00a0") for line in text.splitlines() if line.strip(" \t\u3000\u00a0")]


def _set_fonts(owner: Any, east_asia: str, size_pt: float, *, bold: bool = False) -> None:
    font = owner.font
    font.name = "Times New Roman"
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = False
    font.color.rgb = None
    element = owner._r if hasattr(owner, "_r") else owner.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _indent(paragraph: Paragraph, chars: int, size_pt: float) -> None:
    """First-line indent of ``chars`` characters (Word's firstLineChars and the twips value)."""
    paragraph.paragraph_format.first_line_indent = Pt(size_pt * chars)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def _page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field (the page number) to ``paragraph``."""
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
            run._r.append(node)
        elif instr == " PAGE ":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = instr
            run._r.append(node)
        else:
            run.text = instr or ""


def break_numbers(text: str) -> str:
    """A zero-width space between the digits of each number, so that the layout may wrap inside it, as
    WPS and Word do on a character grid ("出庭应诉率为7" / "0%")."""
    return _NUMBER.sub(lambda m: "\u200b".join(m.group(0)), text)


def make_docx(
    text: str,
    path: Path,
    *,
    title: str | None = None,
    header: str = HEADER_TEXT,
    table: Sequence[Sequence[str]] | None = None,
    number_breaks: bool = False,
    body_pt: float = BODY_PT,
    indent_chars: int = 2,
) -> Path:
    """Write a report (one paragraph a line) as a government-style .docx at ``path``.

    The report's own title line (``qa.ingest.clean.find_title``) is centred in 22pt, unless ``title``
    is given, which then goes first; lines starting 一、 get "Heading 1", （一） "Heading 2"; the issuer
    and date lines after the last paragraph are right-aligned. ``table`` goes after the first body
    paragraph. ``number_breaks`` lets numbers wrap across lines (``break_numbers``).
    """
    serif, sans = cjk_fonts()
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    normal = doc.styles["Normal"]
    _set_fonts(normal, serif, body_pt)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(LINE_PT * body_pt / BODY_PT)
    for name, east_asia, size, bold in (
        ("Heading 1", sans, body_pt, False),
        ("Heading 2", serif, body_pt, True),
        ("Title", serif, TITLE_PT, True),
    ):
        style = doc.styles[name]
        _set_fonts(style, east_asia, size, bold=bold)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = Pt(36 if name == "Title" else LINE_PT * body_pt / BODY_PT)
        borders = style.element.get_or_add_pPr().find(qn("w:pBdr"))  # Title has a bottom rule
        if borders is not None:
            borders.getparent().remove(borders)

    lines = report_lines(text)
    found = find_title(lines) if title is None else None
    signature = len(lines)
    while signature > 0 and is_signature_line(lines[signature - 1]) and len(lines[signature - 1]) <= 40:
        signature -= 1
    if title is not None:
        doc.add_paragraph(title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph()  # the blank line under a title block
    table_done = table is None
    for i, line in enumerate(lines):
        shown = break_numbers(line) if number_breaks else line
        if i == found:
            doc.add_paragraph(shown, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if i >= signature:
            para = doc.add_paragraph(shown)
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            para.paragraph_format.right_indent = Pt(body_pt * 4)  # 右空四字
            continue
        style = "Heading 1" if _H1.match(line) else "Heading 2" if _H2.match(line) else None
        para = doc.add_paragraph(shown, style=style)
        if style is None:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent_chars:
            _indent(para, indent_chars, body_pt)
        if not table_done and table is not None and style is None:
            grid = doc.add_table(rows=len(table), cols=len(table[0]))
            grid.style = doc.styles["Table Grid"]
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
            table_done = True

    head = section.header.paragraphs[0]
    head.text = header
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("— ")
    _page_field(foot)
    foot.add_run(" —")
    for part in (head, foot):
        for run in part.runs:
            _set_fonts(run, serif, 14)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def make_pdf(docx: Path, out_dir: Path, *, timeout_s: float = SOFFICE_TIMEOUT_S) -> Path:
    """Print ``docx`` to PDF in ``out_dir`` with LibreOffice headless, with a private profile (parallel
    runs don't clash) and a timeout. Raises RuntimeError when LibreOffice is missing or fails."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo-profile-{uuid.uuid4().hex}"
    cmd = [
        binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx),
    ]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"LibreOffice did not convert {docx.name} within {timeout_s:.0f} s") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice failed on {docx.name}: {done.stderr.strip() or done.stdout.strip()}")
    return pdf


WRAP_SENTENCES: tuple[str, ...] = tuple(
    f"第{i}批次行政机关负责人出庭应诉率为{60 + i}%，累计{1000 + 37 * i}件，同比增长{10 + i}.{i % 10}%。"
    for i in range(1, 41)
)


def wrap_text() -> str:
    """A report whose long paragraphs make numbers wrap across lines (with ``number_breaks``) and
    sentences run across page breaks."""
    return "\n".join(
        ["某某街道2022年行政应诉工作报告", "一、行政应诉工作情况", "".join(WRAP_SENTENCES[:20]),
         "二、下一步工作", "".join(WRAP_SENTENCES[20:])]
    )  # fmt: skip


def make_scanned_pdf(pdf: Path, out: Path, *, scale: float = 0.5) -> Path:
    """A 'scanned' PDF: page one of ``pdf`` rendered to an image in a new PDF without a text layer."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    try:
        page = src[0]
        width, height = page.get_size()
        bitmap = page.render(scale=scale)
        new = pdfium.PdfDocument.new()
        new_page = new.new_page(width, height)
        image = pdfium.PdfImage.new(new)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page.insert_obj(image)
        new_page.gen_content()
        new.save(str(out))
        new.close()
    finally:
        src.close()
    return out


def add_outline_numbering(doc: Any) -> tuple[str, str]:
    """Give the document a list definition numbering headings 一、 (level 0) and （一） (level 1), as
    Word's outline numbering does; returns the numIds of a list and of a second instance of it that
    restarts at 1."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%3."/><w:suff w:val="space"/></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    return "90", "91"


def number_paragraph(paragraph: Paragraph, num_id: str, level: int) -> None:
    """Number ``paragraph`` with list ``num_id`` at ``level`` (Word's numPr)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )

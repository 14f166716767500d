#!/usr/bin/env python3
"""ReportLab baseline for the form-rendering benchmark.

What it measures: how fast a plain Python/ReportLab program renders the same filled
two-page application form (注册安全工程师注册申请表) that `safetyreg` renders with
cairo + pango, and how large each PDF is. The benchmark runs both in the same session
so that forms/second and bytes/form can be compared side by side.

Why it is a fair comparison:
  - The form is built from the same declarative templates (templates/forms/common.yaml
    plus the kind's file, e.g. initial.yaml) with the same layout rules: the same grid,
    captions, section headings, paragraphs, signing lines, photo and seal captions,
    footer, and the same values formatted the same way (1988年4月12日, 男, 化工安全, …).
  - Every form is a separate PDF with its own canvas and therefore its own subsets of
    the embedded TrueType fonts, as a user would produce one PDF per applicant.
  - Per form, a worker does what `safetyreg` does per application: read the
    application file, format its values, set every text, draw, write the PDF.
    Template parsing, layout and font registration happen once per worker, as
    safetyreg's FormRenderer does them once per worker.

Fonts (TrueType outlines are needed: ReportLab cannot embed CFF fonts such as Noto CJK):
  body     AR PL UMing CN (Ming/宋体 style)  /usr/share/fonts/truetype/arphic/uming.ttc, index 0
  heading  WenQuanYi Zen Hei (黑体 style)    /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc, index 0
Install: apt-get install -y fonts-arphic-uming fonts-wqy-zenhei; pip install reportlab

Usage:
  python3 bench/baseline_reportlab.py --count N --out DIR [--jobs J] [--application FILE]

Prints one JSON object: forms, jobs, seconds (wall time from just after the worker
pool is created until every PDF is written; it includes each worker's one-time
set-up, also reported alone as worker_setup_seconds), forms_per_second,
bytes_per_form (mean file size), peak_rss_kb (largest ru_maxrss of any worker).

Deliberate simplifications (they do not change the amount of content): no
shrink-to-fit search (a text wider than its cell is scaled down in one step, a
paragraph in 0.5 pt steps), bold is synthesised with fill+stroke text, and line
breaking is ReportLab's CJK wrapping rather than pango's.
"""
import argparse
import datetime
import json
import math
import multiprocessing
import os
import re
import resource
import sys
import time
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMS = os.path.join(ROOT, "templates", "forms")
POLICY = os.path.join(ROOT, "templates", "policy.yaml")
DEFAULT_APPLICATION = os.path.join(ROOT, "samples", "applications", "initial.yaml")

FONT_FILES = {
    # template font role -> (ReportLab name, file, index in the collection)
    "body": ("Body", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),      # AR PL UMing CN
    "heading": ("Heading", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # WenQuanYi Zen Hei
}

PHOTO_W, PHOTO_H = 35.0, 49.0  # mm
PHOTO_CAPTION = "照片\n（二寸近期免冠\n正面彩色照片）"
NUMERALS = "一二三四五六七八九十"

# Value vocabularies, as RegistrationRules/Model/Vocabulary.swift prints them.
CATEGORIES = {
    "coal_mining": "煤矿安全", "metal_nonmetal_mining": "金属非金属矿山安全", "chemical": "化工安全",
    "metal_smelting": "金属冶炼安全", "construction": "建筑施工安全", "road_transport": "道路运输安全",
    "other": "其他安全（不包括消防安全）",
}
GENDERS = {"male": "男", "female": "女"}
ID_TYPES = {
    "resident_id": "居民身份证", "passport": "护照", "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证", "foreign_permanent_id": "外国人永久居留身份证",
}
KINDS = {"initial": "初始注册", "renewal": "延续注册", "change": "变更注册", "reregistration": "重新注册"}


# ---------------------------------------------------------------------------------------
# Template and layout (once per worker). Everything is in points, y measured downwards
# from the top of the page; it is flipped only when drawing.

class Rect:
    __slots__ = ("x", "y", "w", "h")

    def __init__(self, x, y, w, h):
        self.x, self.y, self.w, self.h = x, y, w, h

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    def inset(self, d):
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


def load_template(kind):
    with open(os.path.join(FORMS, "common.yaml"), encoding="utf-8") as f:
        common = yaml.safe_load(f)
    with open(os.path.join(FORMS, f"{kind}.yaml"), encoding="utf-8") as f:
        own = yaml.safe_load(f)
    common["title"] = own["title"]
    common["pages"] = own["pages"]
    return common


def chinese_numeral(n):
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def parse_height(h):
    """`9` -> ("fixed", 9); `fill 57` -> ("fill", 57)."""
    if isinstance(h, str) and h.startswith("fill"):
        rest = h[4:].strip()
        return ("fill", float(rest) if rest else 0.0)
    return ("fixed", float(h))


def layout(t):
    """Places every heading and cell of every page. Returns a list of pages; a page is a
    dict with title, headings, cells, frames and footer rectangles."""
    margins = t["page"]["margins"]
    page_w, page_h = t["page"]["width"], t["page"]["height"]
    content_w = page_w - margins["left"] - margins["right"]
    content_h = page_h - margins["top"] - margins["bottom"]
    heading_h = t["headingHeight"]
    pages = []
    number = 0
    for index, entries in enumerate(t["pages"]):
        placed = []
        for entry in entries:
            if isinstance(entry, str):
                entry = {"section": entry}
            s = dict(t["sections"][entry["section"]])
            if "title" in entry:
                s["title"] = entry["title"]
            if "rows" in entry and "repeat" in s:
                s["repeat"] = dict(s["repeat"], rows=entry["rows"])
            n = None
            if s.get("title") and s.get("numbered", True) is not False:
                number += 1
                n = number
            placed.append((s, n))

        # Fixed heights first, then what the one `fill` on the page gets (millimetres).
        fixed = t["titleHeight"] if index == 0 else 0.0
        for s, _ in placed:
            if s.get("title"):
                fixed += heading_h
            if s.get("header"):
                fixed += heading_h
            r = s.get("repeat")
            if r:
                fixed += r["height"] * (1 if r["rows"] == "fill" else int(r["rows"]))
            for row in s.get("rows", []):
                fixed += parse_height(row["height"])[1]
        spare = content_h - fixed
        if spare < -0.01:
            raise SystemExit(f"page {index + 1} needs {fixed} mm, more than {content_h} mm")

        page = {"title": None, "headings": [], "cells": [], "frames": [],
                "footer": Rect(margins["left"] * mm, (page_h - margins["bottom"]) * mm, content_w * mm, margins["bottom"] * mm)}
        y = margins["top"]
        if index == 0:
            page["title"] = Rect(margins["left"] * mm, y * mm, content_w * mm, t["titleHeight"] * mm)
            y += t["titleHeight"]
        frame_top = None
        for s, n in placed:
            bordered = s.get("border", True) is not False
            if bordered and frame_top is None:
                frame_top = y
            if not bordered and frame_top is not None:
                page["frames"].append(Rect(margins["left"] * mm, frame_top * mm, content_w * mm, (y - frame_top) * mm))
                frame_top = None
            xs = [margins["left"]]
            for c in s["columns"]:
                xs.append(xs[-1] + c)

            def rect(col, span, top, h):
                return Rect(xs[col] * mm, top * mm, (xs[col + span] - xs[col]) * mm, h * mm)

            ncols = len(s["columns"])
            if s.get("title"):
                text = f"{chinese_numeral(n)}、{s['title']}" if n else s["title"]
                page["headings"].append((rect(0, ncols, y, heading_h), text, bordered))
                y += heading_h
            if s.get("header"):
                for c, text in enumerate(s["header"]):
                    page["cells"].append((rect(c, 1, y, heading_h), bordered, ("header", text)))
                y += heading_h
            r = s.get("repeat")
            if r:
                height = r["height"]
                if r["rows"] == "fill":
                    available = height + spare
                    count = max(1, int((available + 0.001) / height))
                    height = available / count
                else:
                    count = int(r["rows"])
                aligns = r.get("align", ["left"] * len(r["fields"]))
                for i in range(count):
                    for c, field in enumerate(r["fields"]):
                        page["cells"].append((rect(c, 1, y, height), bordered, ("item", r["source"], i, field, aligns[c])))
                    y += height
            rows = s.get("rows", [])
            heights = []
            for row in rows:
                kind, h = parse_height(row["height"])
                heights.append(h + spare if kind == "fill" else h)
            occupied = [[False] * ncols for _ in rows]
            for ri, row in enumerate(rows):
                c = 0
                top = y + sum(heights[:ri])
                for cell in row["cells"]:
                    while c < ncols and occupied[ri][c]:
                        c += 1
                    cs, rs = cell.get("colSpan", 1), cell.get("rowSpan", 1)
                    page["cells"].append((rect(c, cs, top, sum(heights[ri:ri + rs])), bordered, ("template", cell)))
                    for rr in range(ri, ri + rs):
                        for cc in range(c, c + cs):
                            occupied[rr][cc] = True
                    c += cs
            y += sum(heights)
        if frame_top is not None:
            page["frames"].append(Rect(margins["left"] * mm, frame_top * mm, content_w * mm, (y - frame_top) * mm))
        pages.append(page)
    return pages


# ---------------------------------------------------------------------------------------
# Values (per form), formatted as FormValues.swift does.

def chinese_date(d):
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def compact_month(m):
    """`2010-07` -> `2010.07`."""
    if isinstance(m, (datetime.date, datetime.datetime)):
        return f"{m.year}.{m.month:02d}"
    year, month = str(m).split("-")[:2]
    return f"{int(year)}.{int(month):02d}"


def compact_date(d):
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def measure(x):
    """48.0 -> `48`, 2.5 -> `2.5`."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def form_values(app, ce_hours):
    a, e = app.get("applicant") or {}, app.get("employer") or {}
    fields, checks, rows = {}, {}, {}

    def put(key, value):
        if value not in (None, ""):
            fields[key] = str(value)

    def date(v):
        return chinese_date(v) if v else None

    put("id", app.get("id"))
    put("kind", KINDS.get(app.get("kind")))
    put("applicationDate", date(app.get("applicationDate")))
    put("authority", app.get("authority"))
    put("category", CATEGORIES.get(app.get("category")))
    put("applicant.name", a.get("name"))
    put("applicant.gender", GENDERS.get(a.get("gender")))
    put("applicant.birthDate", date(a.get("birthDate")))
    put("applicant.idType", ID_TYPES.get(a.get("idType") or "resident_id"))
    put("applicant.idNumber", str(a["idNumber"]).upper() if a.get("idNumber") else None)
    for key in ("education", "major", "phone", "email", "address", "qualificationCertificateNo", "registrationCertificateNo"):
        put(f"applicant.{key}", a.get(key))
    put("applicant.qualificationDate", date(a.get("qualificationDate")))
    put("applicant.registrationExpiry", date(a.get("registrationExpiry")))
    put("employer.name", e.get("name"))
    put("employer.creditCode", str(e["creditCode"]).upper() if e.get("creditCode") else None)
    for key in ("nature", "address", "contact", "phone"):
        put(f"employer.{key}", e.get(key))
    change = app.get("change")
    if change:
        put("change.previousEmployer", change.get("previousEmployer"))
        put("change.previousCategory", CATEGORIES.get(change.get("previousCategory")))
        put("change.newEmployer", e.get("name"))
        put("change.newCategory", CATEGORIES.get(app.get("category")))
        checks["change.reasons"] = set(change.get("reasons") or [])
    work = []
    for p in app.get("workExperience") or []:
        start = compact_month(p["from"]) if p.get("from") else ""
        end = p.get("to")
        end = "至今" if end in (None, "至今") else compact_month(end)
        work.append({"period": f"{start}—{end}" if start else "", "employer": p.get("employer") or "",
                     "position": p.get("position") or ""})
    rows["workExperience"] = work
    ce = app.get("continuingEducation") or []
    rows["continuingEducation"] = [
        {"date": compact_date(r["date"]) if r.get("date") else "", "provider": r.get("provider") or "",
         "course": r.get("course") or "", "hours": measure(r["hours"]) if r.get("hours") is not None else ""}
        for r in ce]
    if ce:
        put("continuingEducation.total", f"{measure(sum(r.get('hours') or 0 for r in ce))} 学时")
    put("continuingEducation.required", f"{measure(ce_hours)} 学时")
    return fields, checks, rows


# ---------------------------------------------------------------------------------------
# Drawing (per form).

class Painter:
    def __init__(self, template):
        self.t = template
        self.page_h = template["page"]["height"] * mm
        self.pad = template["padding"] * mm
        self.inner_line = template["lines"]["inner"]
        self.outer_line = template["lines"]["outer"]
        self.styles = {}
        for name, s in template["styles"].items():
            self.styles[name] = {
                "font": FONT_FILES[s["font"]][0], "size": float(s["size"]), "minSize": float(s.get("minSize", s["size"])),
                "bold": bool(s.get("bold")), "align": s.get("align", "left")}
        self._paragraph_styles = {}

    # -- text primitives --------------------------------------------------------------
    def text_line(self, c, text, style, x, y_top, w, h, align, size=None):
        """One line, vertically centred in the box (x, y_top, w, h); wider text is scaled down."""
        size = size or style["size"]
        width = pdfmetrics.stringWidth(text, style["font"], size)
        if width > w > 0:
            size = max(style["minSize"], size * w / width)
            width = pdfmetrics.stringWidth(text, style["font"], size)
        if align == "center":
            tx = x + (w - width) / 2
        elif align == "right":
            tx = x + w - width
        else:
            tx = x
        baseline = y_top + h / 2 + size * 0.36
        c.setFont(style["font"], size)
        if style["bold"]:
            c.setLineWidth(size * 0.035)
            c.drawString(tx, self.page_h - baseline, text, mode=2)
        else:
            c.drawString(tx, self.page_h - baseline, text)

    def text_block(self, c, text, style, box, align, valign="middle"):
        """Several lines (explicit and wrapped), centred vertically unless valign is top."""
        size, font = style["size"], style["font"]
        lines = []
        for part in text.split("\n"):
            line = ""
            for ch in part:
                if line and pdfmetrics.stringWidth(line + ch, font, size) > box.w:
                    lines.append(line)
                    line = ""
                line += ch
            lines.append(line)
        leading = size * 1.35
        top = box.y if valign == "top" else box.y + (box.h - leading * len(lines)) / 2
        for i, line in enumerate(lines):
            self.text_line(c, line, style, box.x, top + i * leading, box.w, leading, align)

    def paragraph(self, c, text, style_name, box):
        """A wrapping paragraph at the top of box, shrunk in 0.5 pt steps if it is too tall."""
        style = self.styles[style_name]
        size = style["size"]
        markup = escape(text).replace("\n", "<br/>")
        while True:
            key = (style_name, size)
            ps = self._paragraph_styles.get(key)
            if ps is None:
                ps = ParagraphStyle(f"{style_name}-{size}", fontName=style["font"], fontSize=size,
                                    leading=size * 1.35, wordWrap="CJK")
                self._paragraph_styles[key] = ps
            p = Paragraph(markup, ps)
            _, h = p.wrap(box.w, box.h)
            if h <= box.h + 0.01 or size - 0.5 < style["minSize"]:
                break
            size -= 0.5
        p.drawOn(c, box.x, self.page_h - box.y - h)

    def stroke(self, c, r, width):
        c.setLineWidth(width)
        c.rect(r.x, self.page_h - r.bottom, r.w, r.h, stroke=1, fill=0)

    def hline(self, c, x0, x1, y, width):
        c.setLineWidth(width)
        c.line(x0, self.page_h - y, x1, self.page_h - y)

    # -- cells ------------------------------------------------------------------------
    def sign_lines(self, c, lines, style, inner):
        """Signing lines right-aligned at the bottom of inner; returns the top of the block."""
        line_h = style["size"] * 1.7
        top = inner.bottom - line_h * len(lines)
        for i, line in enumerate(lines):
            segments = []
            for part in re.split(r"(\{blank:[0-9.]+\})", line):
                if not part:
                    continue
                m = re.fullmatch(r"\{blank:([0-9.]+)\}", part)
                if m:
                    segments.append((None, float(m.group(1)) * mm))
                else:
                    segments.append((part, pdfmetrics.stringWidth(part, style["font"], style["size"])))
            total = sum(w for _, w in segments)
            x = inner.right - total - 4 * mm
            y = top + line_h * i
            for text, w in segments:
                if text is None:
                    baseline = y + line_h / 2 + style["size"] * 0.55
                    self.hline(c, x + 1, x + w - 1, baseline, 0.5)
                else:
                    self.text_line(c, text, style, x, y, w + 1, line_h, "left")
                x += w
        return top

    def template_cell(self, c, cell, rect, fields, checks):
        inner = rect.inset(self.pad)
        if "label" in cell or "field" in cell:
            style = self.styles[cell.get("style", "label" if "label" in cell else "value")]
            text = cell["label"] if "label" in cell else fields.get(cell["field"])
            if text:
                align = cell.get("align", style["align"])
                if "\n" in text:
                    self.text_block(c, text, style, inner, align)
                else:
                    self.text_line(c, text, style, inner.x, inner.y, inner.w, inner.h, align)
        elif cell.get("photo"):
            w, h = PHOTO_W * mm, PHOTO_H * mm
            box = Rect(inner.x + (inner.w - w) / 2, inner.y + (inner.h - h) / 2, w, h)
            self.stroke(c, box, self.inner_line)
            self.text_block(c, PHOTO_CAPTION, self.styles["note"], box.inset(2 * mm), "center")
        elif "checks" in cell:
            style = self.styles[cell.get("style", "value")]
            chosen = checks.get(cell["checks"]["field"], set())
            side, gap, spacing = 3.6 * mm, 1.5 * mm, 6 * mm
            x = inner.x
            for option in cell["checks"]["options"]:
                box = Rect(x, inner.y + (inner.h - side) / 2, side, side)
                self.stroke(c, box, self.inner_line)
                if option["value"] in chosen:
                    c.setLineWidth(0.8)
                    c.line(box.x + side * 0.2, self.page_h - (box.y + side * 0.55),
                           box.x + side * 0.42, self.page_h - (box.y + side * 0.8))
                    c.line(box.x + side * 0.42, self.page_h - (box.y + side * 0.8),
                           box.x + side * 0.82, self.page_h - (box.y + side * 0.2))
                width = pdfmetrics.stringWidth(option["label"], style["font"], style["size"])
                self.text_line(c, option["label"], style, box.right + gap, inner.y, width + 1, inner.h, "left")
                x = box.right + gap + width + 1 + spacing
        elif "text" in cell:
            style_name = cell.get("style", "text")
            style = self.styles[style_name]
            sign_top = inner.bottom
            if cell.get("sign"):
                sign_top = self.sign_lines(c, cell["sign"], style, inner)
            text_right = inner.right
            if cell.get("seal"):
                side = cell["seal"] * mm
                box = Rect(inner.right - side - 6 * mm, sign_top - side - 1 * mm, side, side)
                if cell.get("sealCaption"):
                    self.text_block(c, cell["sealCaption"], self.styles["note"], box, "center")
                text_right = box.x - 4 * mm
            self.paragraph(c, cell["text"], style_name, Rect(inner.x, inner.y, text_right - inner.x, sign_top - inner.y))
            return
        if cell.get("sign"):
            self.sign_lines(c, cell["sign"], self.styles[cell.get("style", "text")], inner)

    def draw_form(self, c, pages, values):
        fields, checks, rows = values
        t = self.t
        for number, page in enumerate(pages, 1):
            c.setStrokeGray(0)
            c.setFillGray(0)
            if page["title"]:
                r = page["title"]
                self.text_line(c, t["title"], self.styles["title"], r.x, r.y, r.w, r.h, "center")
            for r, text, bordered in page["headings"]:
                if bordered:
                    c.setFillGray(t["lines"]["headingShade"])
                    c.setLineWidth(self.inner_line)
                    c.rect(r.x, self.page_h - r.bottom, r.w, r.h, stroke=1, fill=1)
                    c.setFillGray(0)
                inner = r.inset(self.pad)
                self.text_line(c, text, self.styles["section"], inner.x, inner.y, inner.w, inner.h, "left")
            for r, bordered, binding in page["cells"]:
                if bordered:
                    self.stroke(c, r, self.inner_line)
                inner = r.inset(self.pad)
                if binding[0] == "header":
                    style = self.styles["header"]
                    self.text_line(c, binding[1], style, inner.x, inner.y, inner.w, inner.h, style["align"])
                elif binding[0] == "item":
                    _, source, i, field, align = binding
                    items = rows.get(source, [])
                    value = items[i].get(field) if i < len(items) else None
                    if value:
                        self.text_line(c, value, self.styles["value"], inner.x, inner.y, inner.w, inner.h, align)
                else:
                    self.template_cell(c, binding[1], r, fields, checks)
            for r in page["frames"]:
                self.stroke(c, r, self.outer_line)
            footer = t["footer"].replace("{page}", str(number)).replace("{pages}", str(len(pages)))
            f = page["footer"]
            self.text_line(c, footer, self.styles["footer"], f.x, f.y, f.w, f.h, "center")
            c.showPage()


# ---------------------------------------------------------------------------------------
# Workers.

_worker = {}


def register_fonts():
    for name, path, index in FONT_FILES.values():
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)


def init_worker(application, out_dir):
    """Once per worker: fonts, template, layout (as safetyreg's FormRenderer does)."""
    start = time.perf_counter()
    register_fonts()
    with open(application, encoding="utf-8") as f:
        kind = (yaml.safe_load(f) or {}).get("kind", "initial")
    template = load_template(kind)
    with open(POLICY, encoding="utf-8") as f:
        ce_hours = yaml.safe_load(f)["registration"]["continuingEducation"]["hoursPerPeriod"]
    _worker.update(application=application, out_dir=out_dir, template=template, pages=layout(template),
                   painter=Painter(template), ce_hours=ce_hours, setup=time.perf_counter() - start)


def render_one(index):
    """One applicant: read the application, format the values, draw, write one PDF."""
    w = _worker
    with open(w["application"], encoding="utf-8") as f:
        app = yaml.safe_load(f)
    values = form_values(app, w["ce_hours"])
    path = os.path.join(w["out_dir"], f"form-{index + 1:04d}.pdf")
    c = pdfcanvas.Canvas(path, pagesize=(w["template"]["page"]["width"] * mm, w["template"]["page"]["height"] * mm),
                         initialFontName="Body")  # else an unused Helvetica is listed
    name = values[0].get("applicant.name")
    c.setTitle(w["template"]["title"] + (f" — {name}" if name else ""))
    c.setSubject("注册安全工程师注册申请表")
    c.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    c.setViewerPreference("PrintScaling", "None")
    w["painter"].draw_form(c, w["pages"], values)
    c.save()
    return os.path.getsize(path), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, w["setup"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, required=True, help="number of PDFs to render")
    ap.add_argument("--out", required=True, help="directory for form-0001.pdf, …")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--application", default=DEFAULT_APPLICATION, help="application YAML (default: samples/applications/initial.yaml)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    application = os.path.abspath(args.application)

    jobs = max(1, args.jobs)
    pool = multiprocessing.Pool(jobs, initializer=init_worker, initargs=(application, os.path.abspath(args.out)))
    start = time.perf_counter()
    results = list(pool.imap_unordered(render_one, range(args.count), chunksize=1))
    seconds = time.perf_counter() - start
    pool.close()
    pool.join()

    sizes = [r[0] for r in results]
    print(json.dumps({
        "forms": args.count,
        "jobs": jobs,
        "seconds": round(seconds, 3),
        "forms_per_second": round(args.count / seconds, 2) if seconds > 0 else None,
        "bytes_per_form": round(sum(sizes) / len(sizes)) if sizes else 0,
        "peak_rss_kb": max((r[1] for r in results), default=0),
        "worker_setup_seconds": round(max((r[2] for r in results), default=0), 3),
        "renderer": "reportlab " + __import__("reportlab").Version,
    }))


if __name__ == "__main__":
    main()

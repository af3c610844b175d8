"""The one PDF helper behind every printable document (pledge form, materials checklist).

A4 pages with the shipped Noto Sans CJK SC subset embedded (never a system font), so a print shop computer
without Chinese fonts prints the same page. fpdf2 only logs a missing glyph, so callers check text with
`missing_glyphs` first and leave such fields blank for handwriting.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import qrcode
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_PATH = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoSansCJKsc-Regular-GBK.otf"
FONT = "noto"
INK = (0, 0, 0)
GREY = (110, 110, 110)
LIGHT = (235, 235, 235)
NO_LINE_START = set("，。、；：？！）》」』”’…—%·,.;:?!)]")
NO_LINE_END = set("（《「『“‘([")

# fpdf2 warns about each glyph it subsets out; we check coverage ourselves.
logging.getLogger("fpdf").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def font_characters() -> frozenset[int]:
    """Code points the shipped font can draw (static data: safe to cache for all sessions)."""
    return frozenset(TTFont(FONT_PATH, lazy=True).getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the font cannot draw, in order, without repeats (whitespace is never missing)."""
    have = font_characters()
    out: list[str] = []
    for ch in text:
        if not ch.isspace() and ord(ch) not in have and ch not in out:
            out.append(ch)
    return out


def qr_image(payload: str, box_size: int = 10, border: int = 4):
    """A black-on-white QR image (PIL) with medium error correction: survives a phone photo of a print."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()


class Document(FPDF):
    """An A4 portrait page with 20 mm margins, our font, and a small footer line on every page."""

    def __init__(self, title: str, footer: str = ""):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, fname=str(FONT_PATH))
        # Saving the subset would otherwise re-measure every CFF glyph for the font's bounding box: most of a
        # pledge's build time. The full font's box is a valid (larger) box for any subset of it.
        self.fonts[FONT.lower()].ttfont.recalcBBoxes = False
        self.set_title(title)
        self.set_creator("云南自考毕业申请自查")
        self.set_lang("zh-CN")
        self._footer_text = footer
        self.add_page()

    # --- page furniture ---------------------------------------------------------------------------------
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*GREY)
        page = f"第{self.page_no()}页/共{{nb}}页"
        text = f"{self._footer_text}    {page}" if self._footer_text else page
        self.cell(0, 5, text, align="C")
        self.set_text_color(*INK)

    # --- text blocks ------------------------------------------------------------------------------------
    def heading(self, text: str, size: float = 16, align: str = "C") -> None:
        self.set_font(FONT, size=size)
        for row in self.wrap(text, self.epw):
            self.cell(0, size * 0.55, row, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, size: float = 11, line: float | None = None, indent: bool = False,
                  color=INK, align: str = "L") -> None:
        """Text wrapped by our CJK line breaker; `indent` starts with the usual two-character indent."""
        self.set_font(FONT, size=size)
        self.set_text_color(*color)
        body = ("\u3000\u3000" + text) if indent else text  # ideographic spaces: Chinese paragraph indent
        for row in self.wrap(body, self.epw):
            self.cell(0, line or size * 0.62, row, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def text_height(self, text: str, size: float, line: float, width: float | None = None) -> float:
        """Height `paragraph` would take, to keep a block together on one page."""
        self.set_font(FONT, size=size)
        return line * len(self.wrap(text, width or self.epw))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy line breaking with the basic Chinese rules (禁则): no line starts with a closing
        punctuation mark and none ends with an opening one; Latin words and numbers are never split."""
        lines: list[str] = []
        for para in text.split("\n"):
            current = ""
            for token in re.findall(r"[A-Za-z0-9_@./:%+\-()]+|.", para):
                if not current or self.get_string_width(current + token) <= width:
                    current += token
                elif token[0] in NO_LINE_START:
                    current += token  # hang the mark in the margin rather than start a line with it
                else:
                    carry = ""
                    while current and current[-1] in NO_LINE_END:
                        carry, current = current[-1] + carry, current[:-1]
                    lines.append(current)
                    current = carry + token
            lines.append(current)
        return lines

    def note_box(self, text: str, size: float = 8.5) -> None:
        """A grey-shaded note (e.g. "not the official text"), full width."""
        self.set_font(FONT, size=size)
        self.set_fill_color(*LIGHT)
        rows = self.wrap(text, self.epw - 4)
        h = size * 0.6
        self.rect(self.l_margin, self.get_y(), self.epw, h * len(rows) + 3, style="F")
        self.set_y(self.get_y() + 1.5)
        for row in rows:
            self.set_x(self.l_margin + 2)
            self.cell(self.epw - 4, h, row, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(self.get_y() + 1.5)

    def field_grid(self, rows: list[list[tuple[str, str]]], label_w: float = 27, height: float = 10,
                   size: float = 10.5) -> None:
        """A bordered form grid: each row holds (label, value) pairs sharing the width equally.

        An empty value leaves the cell blank for handwriting.
        """
        width = self.epw
        for row in rows:
            pair_w = width / len(row)
            y = self.get_y()
            for i, (label, value) in enumerate(row):
                x = self.l_margin + i * pair_w
                self.set_xy(x, y)
                self.set_font(FONT, size=size)
                self.set_fill_color(*LIGHT)
                self.cell(label_w, height, label, border=1, align="C", fill=True)
                value_w = pair_w - label_w
                fitted = size
                while fitted > 7 and self.get_string_width(value) > value_w - 3:
                    fitted -= 0.5
                    self.set_font(FONT, size=fitted)
                self.rect(x + label_w, y, value_w, height)
                self.set_xy(x + label_w + 1.5, y)
                self.cell(value_w - 3, height, value, align="L")
            self.set_xy(self.l_margin, y + height)

    def checkbox(self, x: float, y: float, size: float = 3.6, ticked: bool = False) -> None:
        self.rect(x, y, size, size)
        if ticked:
            self.set_line_width(0.5)
            self.line(x + 0.6, y + size * 0.55, x + size * 0.4, y + size - 0.6)
            self.line(x + size * 0.4, y + size - 0.6, x + size - 0.5, y + 0.5)
            self.set_line_width(0.2)

    def qr(self, payload: str, x: float, y: float, size: float = 26) -> None:
        self.image(qr_image(payload), x=x, y=y, w=size, h=size)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def preview_png(pdf: bytes, page: int = 0, width_px: int = 900) -> bytes:
    """Page `page` of a PDF as a PNG, for an on-screen preview before download (pypdfium2 ships PDFium)."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pg = doc[page]
        image = pg.render(scale=width_px / pg.get_width()).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue()
    finally:
        doc.close()

"""Rebuild NotoSansCJKsc-Regular-GBK.otf, the font embedded in our PDFs (run once; not used at run time).

Source: Debian `fonts-noto-cjk` 1:20220127 (Noto Sans CJK 2.004), face "Noto Sans CJK SC" of
NotoSansCJK-Regular.ttc. The full face is ~16 MB; we keep every character of GBK (21,886: all of GB2312 plus
the rarer name characters such as 喆 堃 赟) and the Latin, punctuation and symbol blocks a form needs, and drop
OpenType layout features (fpdf2 maps characters through the cmap only), which brings the file to ~5 MB.
Characters outside this set (CJK Ext-B such as 𠈌) are reported by checks.pdf.missing_glyphs and left for
handwriting. Licence: SIL OFL 1.1 (LICENSE.txt next to this file); a subset is a Modified Version under the
OFL and keeps the licence; "Noto" is not a Reserved Font Name.

    python assets/fonts/build_subset.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE = "Noto Sans CJK SC"
OUT = Path(__file__).with_name("NotoSansCJKsc-Regular-GBK.otf")
EXTRA_RANGES = [
    (0x20, 0x7E),      # ASCII
    (0xA0, 0xFF),      # Latin-1 (·, ×)
    (0x2000, 0x206F),  # general punctuation (– — … ‰)
    (0x2460, 0x24FF),  # enclosed numbers ①
    (0x25A0, 0x25FF),  # geometric shapes □ ■ ○
    (0x2600, 0x26FF),  # check boxes ☐ ☑
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF00, 0xFFEF),  # full-width forms
]


def gbk_characters() -> set[int]:
    out = set()
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            try:
                out.add(ord(bytes([b1, b2]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return out


def main(source: str = SOURCE) -> None:
    font = next(f for f in TTCollection(source).fonts if f["name"].getDebugName(4) == FACE)
    cmap = font.getBestCmap()
    wanted = gbk_characters() | {c for lo, hi in EXTRA_RANGES for c in range(lo, hi + 1)}
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(c for c in wanted if c in cmap))
    sub.subset(font)
    font.save(OUT)
    print(f"{OUT.name}: {len(font.getBestCmap())} characters, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(*sys.argv[1:])

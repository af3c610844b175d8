"""Result models: one PhotoCheck per check code, a PhotoReport per file (contract shape in to_contract())."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

Status = Literal["pass", "fail", "warn", "skip"]

# Order of the public check codes (../shared/spec/photo.md); reports always list all of them in this order.
CODES = (
    "file.readable", "file.extension", "file.format", "file.size",
    "image.dimensions", "image.dpi", "image.color", "jpeg.quality",
    "face.count", "face.head_top", "face.eye_line", "face.width", "face.centered", "face.eyes_level",
    "background.color", "background.uniform",
    # v2 (issue 9)
    "image.orientation", "face.frontal", "face.ears_visible", "image.sharpness", "image.border",
    "clothing.contrast", "image.exposure",
    # v3 (issue 18)
    "face.headwear", "face.glasses", "face.eyebrows_visible",
)

# Short plain-language names for the page and the terminal.
TITLES = {
    "file.readable": "能否打开", "file.extension": "扩展名", "file.format": "文件格式", "file.size": "文件大小",
    "image.dimensions": "像素尺寸", "image.dpi": "分辨率", "image.color": "颜色模式", "jpeg.quality": "压缩品质",
    "face.count": "人脸数量", "face.head_top": "头顶位置", "face.eye_line": "眼睛高度", "face.width": "脸宽",
    "face.centered": "人像居中", "face.eyes_level": "双眼水平", "background.color": "背景颜色",
    "background.uniform": "背景均匀",
    "image.orientation": "照片方向", "face.frontal": "正对镜头", "face.ears_visible": "露出耳朵",
    "image.sharpness": "清晰度", "image.border": "没有加边框", "clothing.contrast": "衣服与背景有区别",
    "image.exposure": "曝光和光线",
    "face.headwear": "免冠", "face.glasses": "眼镜不反光、不是有色镜片", "face.eyebrows_visible": "眉毛露出",
}

# The one list of must-retake reasons: a failure of these checks cannot be repaired by cropping (the fix refuses
# them, see `needs_retake`), and the headline "需要重拍：…" (page, terminal, batch summary) names the first in a
# few words. Checks not listed here can be repaired by the fix; their title is used if they are the first left.
RETAKE_REASONS = {
    "file.readable": "照片文件打不开",
    "face.count": "照片里要有且只有本人的一张脸",
    "face.eyes_level": "头歪了",
    "face.frontal": "没有正对镜头",
    "face.ears_visible": "耳朵被头发挡住了",
    "image.sharpness": "照片不清楚",
    "image.exposure": "光线不对（太亮、太暗或一边脸太暗）",
    "clothing.contrast": "衣服颜色和背景太接近",
    "background.color": "背景不是浅蓝色",
    "background.uniform": "背景不均匀",
    "face.head_top": "头顶贴着照片上边",
    "face.headwear": "头上戴着帽子或头巾",
}


def needs_retake(check: "PhotoCheck") -> bool:
    """A failure the fix cannot repair. The head top is one only when it touches the top edge (measured 0):
    any other head-top position is a matter of cropping."""
    if check.status != "fail" or check.code not in RETAKE_REASONS:
        return False
    return check.code != "face.head_top" or check.measured == 0


class PhotoCheck(BaseModel):
    code: str
    status: Status
    measured: Any = None
    expected: Any = None
    message: str

    @property
    def title(self) -> str:
        return TITLES.get(self.code, self.code)


class PhotoReport(BaseModel):
    file: str
    checks: list[PhotoCheck]
    # Requirements the pixels cannot show (from the round's data): always listed as "请自己确认".
    self_confirm: list[str] = []

    @property
    def passed(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def get(self, code: str) -> PhotoCheck:
        return next(c for c in self.checks if c.code == code)

    def failures(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.status == "fail"]

    def warnings(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.status == "warn"]

    def first_reason(self) -> str:
        """The first thing to change, in a few words: a retake reason before anything the fix could repair."""
        fails = self.failures()
        if not fails:
            return ""
        for c in fails:
            if needs_retake(c):
                if c.code == "face.count":
                    return "照片里找不到人脸" if c.measured == 0 else "照片里不止一个人"
                return RETAKE_REASONS[c.code]
        return fails[0].title

    def headline(self, fix=None) -> str:
        """The answer first, one line, the same on the page, in the terminal and in the batch summary.

        `fix` is the FixResult when a fix was tried (None: not tried). "可以直接用" means every check this tool
        can make passed, not that the photo is approved: see `self_confirm`.
        """
        if self.passed:
            return "可以直接用"
        if fix is not None and fix.ok:
            return "可以一键修正"
        reason = getattr(fix, "blocker", None) or self.first_reason()
        return f"需要重拍：{reason}"

    def to_contract(self) -> dict:
        return {"file": self.file, "passed": self.passed,
                "checks": [c.model_dump(include={"code", "status", "measured", "expected", "message"})
                           for c in self.checks]}


PASS_NOTE = "符合本工具能检查的各项"


def report_text(report: PhotoReport, fix=None) -> str:
    """Plain-text rendering for the terminal: the headline first, then every check, then what to confirm."""
    marks = {"pass": "通过", "fail": "不合格", "warn": "请留意", "skip": "未检查"}
    head = report.headline(fix)
    if report.passed:
        head += f"（{PASS_NOTE}" + ("；有几项请留意" if report.warnings() else "") + "）"
    lines = [f"{report.file}：{head}"]
    for c in report.checks:
        lines.append(f"  [{marks[c.status]}] {c.title}（{c.code}）：{c.message}")
    if report.self_confirm:
        lines.append("  请自己确认（照片本身看不出来）：" + "；".join(report.self_confirm))
    return "\n".join(lines)

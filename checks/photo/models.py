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
)

# Short plain-language names for the page and the terminal.
TITLES = {
    "file.readable": "能否打开", "file.extension": "扩展名", "file.format": "文件格式", "file.size": "文件大小",
    "image.dimensions": "像素尺寸", "image.dpi": "分辨率", "image.color": "颜色模式", "jpeg.quality": "压缩品质",
    "face.count": "人脸数量", "face.head_top": "头顶位置", "face.eye_line": "眼睛高度", "face.width": "脸宽",
    "face.centered": "人像居中", "face.eyes_level": "双眼水平", "background.color": "背景颜色",
    "background.uniform": "背景均匀",
}


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

    @property
    def passed(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def get(self, code: str) -> PhotoCheck:
        return next(c for c in self.checks if c.code == code)

    def failures(self) -> list[PhotoCheck]:
        return [c for c in self.checks if c.status == "fail"]

    def to_contract(self) -> dict:
        return {"file": self.file, "passed": self.passed,
                "checks": [c.model_dump(include={"code", "status", "measured", "expected", "message"})
                           for c in self.checks]}


def report_text(report: PhotoReport) -> str:
    """Plain-text rendering for the terminal."""
    marks = {"pass": "通过", "fail": "不合格", "warn": "注意", "skip": "未检查"}
    head = "合格：可以上传。" if report.passed else "不合格：请按下面的提示修改或重拍。"
    lines = [f"{report.file}：{head}"]
    for c in report.checks:
        lines.append(f"  [{marks[c.status]}] {c.title}（{c.code}）：{c.message}")
    return "\n".join(lines)

"""The photo checker: every check code of ../shared/spec/photo.md, numbers from the round's PhotoSpec."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
from PIL import Image

from checks.photo.decode import Decoded, PhotoReadError, decode
from checks.photo.face import Face, HeadTop, detect_faces, estimate_head_top, lab
from checks.photo.models import CODES, PhotoCheck, PhotoReport
from checks.photo.spec import PhotoSpec

DISPLAY_WIDTH = 480
FIX_HINT = "可用“一键修正”自动处理"


def default_spec() -> PhotoSpec:
    from checks.rounds import default_round_id, load_round

    return load_round(default_round_id()).photo


@dataclass
class Geometry:
    """Measurements in display coordinates (upright photo scaled to 480 wide) and in the 480×640 frame."""
    disp_size: tuple[int, int]
    faces: list[Face] = field(default_factory=list)
    head: HeadTop | None = None
    bg_median: tuple[int, int, int] | None = None
    bg_delta_e: float | None = None
    bg_spread: float | None = None
    bg_patches: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def y_to_frame(self) -> float:
        return 640 / self.disp_size[1]

    @property
    def face(self) -> Face | None:
        return self.faces[0] if len(self.faces) == 1 else None


@dataclass
class Analysis:
    report: PhotoReport
    spec: PhotoSpec
    decoded: Decoded | None = None
    display: Image.Image | None = None   # upright RGB, 480 wide
    geometry: Geometry | None = None

    @property
    def passed(self) -> bool:
        return self.report.passed


def _c(code, status, message, measured=None, expected=None) -> PhotoCheck:
    return PhotoCheck(code=code, status=status, measured=measured, expected=expected, message=message)


def _rng(r) -> str:
    return f"{r[0]}–{r[1]}"


def _patches(w: int, h: int, eye_y: float | None) -> list[tuple[int, int, int, int]]:
    """Background sample boxes (x0, y0, x1, y1): top corners, top centre, and both sides at eye height."""
    s = max(4, round(0.07 * w))
    top = max(4, round(0.05 * h))
    mid = int(eye_y) if eye_y is not None else h // 3
    mid = min(max(mid, top + s), h - s)
    boxes = [(0, 0, s, top), (w - s, 0, w, top), (0, mid - s // 2, s, mid + s // 2),
             (w - s, mid - s // 2, w, mid + s // 2)]
    if eye_y is None:
        # Top centre only when no face was found: with a face, hair may reach the top edge there, and that is
        # a head-top problem, not a background one.
        boxes.insert(1, ((w - s) // 2, 0, (w + s) // 2, top))
    return boxes


def _background(arr: np.ndarray, eye_y: float | None, spec: PhotoSpec, geo: Geometry) -> np.ndarray | None:
    h, w = arr.shape[:2]
    boxes = _patches(w, h, eye_y)
    means = []
    pixels = []
    for x0, y0, x1, y1 in boxes:
        patch = arr[y0:y1, x0:x1].reshape(-1, 3)
        pixels.append(patch)
        means.append(lab(patch).mean(axis=0))
    allpx = np.concatenate(pixels)
    median = np.median(allpx, axis=0)
    med_lab = lab(median.round().astype(np.uint8))
    ref = lab(np.array(spec.background_rgb, dtype=np.uint8))
    means = np.array(means)
    spread = max(float(np.sqrt(((a - b) ** 2).sum())) for i, a in enumerate(means) for b in means[i + 1:])
    geo.bg_median = tuple(int(v) for v in median.round())
    geo.bg_delta_e = float(np.sqrt(((med_lab - ref) ** 2).sum()))
    geo.bg_spread = spread
    geo.bg_patches = boxes
    return med_lab


def analyze(data: bytes, filename: str, spec: PhotoSpec | None = None) -> Analysis:
    """Run every check on one upload. Never raises for bad input: problems become failed checks."""
    spec = spec or default_spec()
    name = PurePath(filename).name or "photo"
    checks: dict[str, PhotoCheck] = {}
    size = len(data)

    ext = PurePath(name).suffix.lower()
    if ext == ".jpg":
        checks["file.extension"] = _c("file.extension", "pass", "扩展名是 .jpg。", ext, ".jpg")
    else:
        checks["file.extension"] = _c("file.extension", "fail",
                                      f"扩展名是“{ext or '无'}”，应为 .jpg：把照片另存为 JPG 格式，文件名以 .jpg 结尾"
                                      f"（.jpeg、.JPG 也请改成 .jpg）。", ext, ".jpg")
    size_kb = f"{size / 1024:.1f} KB"
    if spec.min_bytes <= size <= spec.max_bytes:
        checks["file.size"] = _c("file.size", "pass", f"文件大小 {size_kb}，在 20–40 KB 之间。", size,
                                 f"{spec.min_bytes}–{spec.max_bytes}")
    else:
        what = "太大" if size > spec.max_bytes else "太小"
        todo = ("降低 JPG 压缩品质（不低于60）重新保存" if size > spec.max_bytes
                else "提高 JPG 压缩品质重新保存，不要用截图或反复压缩的照片")
        checks["file.size"] = _c("file.size", "fail",
                                 f"文件大小 {size_kb}，{what}，应在 20–40 KB 之间：{todo}（{FIX_HINT}）。",
                                 size, f"{spec.min_bytes}–{spec.max_bytes}")

    try:
        decoded = decode(data, spec.max_upload_bytes, spec.max_pixels)
    except PhotoReadError as exc:
        checks["file.readable"] = _c("file.readable", "fail", exc.message, exc.measured, "可以打开的图片")
        for code in CODES:
            if code not in checks:
                checks[code] = _c(code, "skip", "照片打不开，无法检查这一项。")
        return Analysis(PhotoReport(file=name, checks=[checks[c] for c in CODES]), spec)

    facts = decoded.facts
    checks["file.readable"] = _c("file.readable", "pass", f"图片可以打开（{facts.format}）。", facts.format, "可以打开的图片")
    if facts.format == "JPEG":
        msg = "文件是 JPEG 格式。" + ("（渐进式 JPEG，个别系统不兼容，建议用“一键修正”另存为基线 JPEG。）"
                                       if facts.progressive else "")
        checks["file.format"] = _c("file.format", "warn" if facts.progressive else "pass", msg,
                                   "JPEG (progressive)" if facts.progressive else "JPEG", "JPEG")
    else:
        checks["file.format"] = _c("file.format", "fail",
                                   f"文件实际是 {facts.format} 格式（不是只改扩展名就行），应为 JPEG：用看图软件“另存为 JPG”，"
                                   f"或{FIX_HINT}。", facts.format, "JPEG")

    w, h = facts.size
    if (w, h) == (spec.width, spec.height):
        checks["image.dimensions"] = _c("image.dimensions", "pass", "照片是 480×640 像素。", [w, h],
                                        [spec.width, spec.height])
    else:
        shape = "" if w * spec.height == h * spec.width else "，宽高比例也不是 3:4"
        checks["image.dimensions"] = _c("image.dimensions", "fail",
                                        f"照片是 {w}×{h} 像素{shape}：把照片裁剪为 {spec.width}×{spec.height}"
                                        f"（宽×高）像素（{FIX_HINT}）。", [w, h], [spec.width, spec.height])

    dpi = facts.dpi
    if dpi is not None and round(dpi) == spec.dpi:
        checks["image.dpi"] = _c("image.dpi", "pass", "分辨率记录为 300 dpi。", round(dpi), spec.dpi)
    else:
        got = f"{dpi:g} dpi" if dpi else "没有记录分辨率"
        checks["image.dpi"] = _c("image.dpi", "fail",
                                 f"文件里{'记录的分辨率是 ' if dpi else ''}{got}，应为 300 dpi：在修图软件里把分辨率设为 300"
                                 f"像素/英寸后另存（{FIX_HINT}）。", round(dpi) if dpi else None, spec.dpi)

    mode_name = {"L": "灰度（黑白）", "LA": "带透明的灰度", "1": "黑白二值", "P": "调色板（256色）",
                 "PA": "带透明的调色板", "CMYK": "CMYK 印刷色", "RGBA": "带透明通道的 32 位 RGBA",
                 "YCbCr": "YCbCr", "I;16": "16 位灰度", "I": "32 位灰度"}
    if facts.mode == "RGB" and (facts.bits or 8) == 8 and not facts.monochrome:
        checks["image.color"] = _c("image.color", "pass", "24 位真彩色（RGB）。", "RGB 24-bit", "RGB 24-bit")
    elif facts.mode == "RGB" and (facts.bits or 8) == 8:
        checks["image.color"] = _c("image.color", "warn",
                                   "文件是 24 位 RGB，但画面几乎没有颜色，像黑白照片：毕业证要求彩色照片，请用彩色照片。",
                                   "RGB 24-bit (grey content)", "RGB 24-bit")
    else:
        desc = mode_name.get(facts.mode or "", facts.mode or "未知")
        if facts.mode == "RGB":
            desc = f"每通道 {facts.bits} 位的 RGB（{3 * (facts.bits or 8)} 位）"
        checks["image.color"] = _c("image.color", "fail",
                                   f"颜色模式是{desc}，应为 24 位真彩色 RGB：另存为普通的彩色 JPG（{FIX_HINT}）。",
                                   f"{facts.mode} {facts.bits or '?'}-bit", "RGB 24-bit")

    if facts.format == "JPEG" and facts.quality is not None:
        q = facts.quality
        if q >= spec.min_quality:
            checks["jpeg.quality"] = _c("jpeg.quality", "pass", f"压缩品质约为 {q}，不低于 {spec.min_quality}。", q,
                                        f">={spec.min_quality}")
        else:
            checks["jpeg.quality"] = _c("jpeg.quality", "fail",
                                        f"压缩品质约为 {q}，低于 {spec.min_quality}，照片会发糊：用原图以品质 {spec.min_quality}"
                                        f"以上重新保存，不要用反复压缩过的照片（{FIX_HINT}）。", q, f">={spec.min_quality}")
    else:
        checks["jpeg.quality"] = _c("jpeg.quality", "skip", "不是 JPEG 文件，没有压缩品质可查；另存为 JPG 后再检查。",
                                    None, f">={spec.min_quality}")

    # Display image: upright, 480 wide. All geometry is measured on it.
    img = decoded.image
    dh = max(1, round(DISPLAY_WIDTH * img.height / img.width))
    display = img.resize((DISPLAY_WIDTH, dh), Image.Resampling.BILINEAR, reducing_gap=2.0)
    arr = np.asarray(display)
    geo = Geometry(disp_size=(DISPLAY_WIDTH, dh))
    # Detect on the decoded image (more pixels than display when the photo is big), map to display coords.
    faces = detect_faces(img, spec.face_min_confidence, spec.face_min_relative_size)
    geo.faces = [f.scaled(DISPLAY_WIDTH / img.width) for f in faces]
    _geometry_checks(arr, geo, spec, checks)
    report = PhotoReport(file=name, checks=[checks[c] for c in CODES])
    return Analysis(report, spec, decoded, display, geo)


def _geometry_checks(arr: np.ndarray, geo: Geometry, spec: PhotoSpec, checks: dict) -> None:
    n = len(geo.faces)
    face = geo.face
    k = geo.y_to_frame
    bg_lab = _background(arr, face.eye_y if face else None, spec, geo)

    de, spread = geo.bg_delta_e, geo.bg_spread
    r, g, b = geo.bg_median
    if de <= spec.background_max_delta_e:
        checks["background.color"] = _c("background.color", "pass",
                                        f"背景颜色 RGB({r},{g},{b})，接近规定的浅蓝色（色差 {de:.0f}）。",
                                        {"rgb": [r, g, b], "delta_e": round(de, 1)},
                                        {"rgb": list(spec.background_rgb), "max_delta_e": spec.background_max_delta_e})
    else:
        checks["background.color"] = _c("background.color", "fail",
                                        f"背景颜色 RGB({r},{g},{b})，和规定的浅蓝色 RGB(100,197,255) 相差太大（色差 {de:.0f}，"
                                        f"上限 {spec.background_max_delta_e:g}）：请在浅蓝色背景前重拍，或到照相馆拍摄。"
                                        f"不能自己换背景。", {"rgb": [r, g, b], "delta_e": round(de, 1)},
                                        {"rgb": list(spec.background_rgb), "max_delta_e": spec.background_max_delta_e})
    if spread <= spec.background_max_spread:
        checks["background.uniform"] = _c("background.uniform", "pass", f"背景均匀（各处色差最大 {spread:.0f}）。",
                                          round(spread, 1), f"<={spec.background_max_spread:g}")
    else:
        checks["background.uniform"] = _c("background.uniform", "fail",
                                          f"背景不均匀（各处色差最大 {spread:.0f}，上限 {spec.background_max_spread:g}）："
                                          f"有渐变、阴影或其他物体。请站在纯色浅蓝背景前、离背景半米以上、"
                                          f"光线均匀地重拍。", round(spread, 1), f"<={spec.background_max_spread:g}")

    if n == 1:
        checks["face.count"] = _c("face.count", "pass", "照片里有一张人脸。", 1, 1)
    elif n == 0:
        checks["face.count"] = _c("face.count", "fail",
                                  "照片里找不到人脸：请上传正面、不戴帽子、五官清楚的本人头像照片（头发不要遮住眉毛和眼睛）。", 0, 1)
    else:
        checks["face.count"] = _c("face.count", "fail",
                                  f"照片里有 {n} 张人脸：证件照只能有本人，背景里也不能有别人（包括照片、海报上的人）。"
                                  f"请单独重拍，不要从合影里裁剪。", n, 1)
    skip_msg = "没有找到唯一的人脸，无法测量这一项。"
    if face is None:
        for code in ("face.head_top", "face.eye_line", "face.width", "face.centered", "face.eyes_level"):
            checks[code] = _c(code, "skip", skip_msg)
        return

    plain = checks["background.uniform"].status == "pass"
    geo.head = estimate_head_top(arr, face, bg_lab if plain else None)
    head_f = round(geo.head.y * k)
    lo, hi = spec.head_top
    note = "（背景不是纯色，头顶位置是按脸的比例估算的）" if geo.head.method == "estimate" else ""
    if geo.head.method == "cut":
        checks["face.head_top"] = _c("face.head_top", "fail",
                                     f"头顶贴着或超出了照片上边缘，应在离上边 {lo}–{hi} 像素处：重拍时头顶上方多留一些背景"
                                     f"（{FIX_HINT}，前提是原图头顶上方有足够的背景）。", 0, _rng(spec.head_top))
    elif lo <= head_f <= hi:
        checks["face.head_top"] = _c("face.head_top", "pass", f"头顶离上边 {head_f} 像素，在 {lo}–{hi} 之间。{note}",
                                     head_f, _rng(spec.head_top))
    else:
        todo = "头顶上方留的背景太多，人像偏小或偏下" if head_f > hi else "头顶离上边太近"
        checks["face.head_top"] = _c("face.head_top", "fail",
                                     f"头顶离上边 {head_f} 像素，应为 {lo}–{hi}：{todo}，请重新裁剪（{FIX_HINT}）。{note}",
                                     head_f, _rng(spec.head_top))

    eye_f = round(face.eye_y * k)
    lo, hi = spec.eye_line
    if lo <= eye_f <= hi:
        checks["face.eye_line"] = _c("face.eye_line", "pass", f"双眼离上边 {eye_f} 像素，在 {lo}–{hi} 之间。", eye_f,
                                     _rng(spec.eye_line))
    else:
        where = "太靠上" if eye_f < lo else "太靠下"
        checks["face.eye_line"] = _c("face.eye_line", "fail",
                                     f"双眼离上边 {eye_f} 像素，{where}，应为 {lo}–{hi}：请重新裁剪，让眼睛落在这个范围内"
                                     f"（{FIX_HINT}）。", eye_f, _rng(spec.eye_line))

    fw = round(face.w)  # display is 480 wide = frame width
    lo, hi = spec.face_width
    if lo <= fw <= hi:
        checks["face.width"] = _c("face.width", "pass", f"脸宽 {fw} 像素，在 {lo}–{hi} 之间。", fw, _rng(spec.face_width))
    else:
        what = "脸太小（人像离镜头太远或留边太多）" if fw < lo else "脸太大（离镜头太近或裁得太紧）"
        checks["face.width"] = _c("face.width", "fail",
                                  f"脸宽 {fw} 像素，应为 {lo}–{hi}：{what}，请重新裁剪（{FIX_HINT}）。", fw,
                                  _rng(spec.face_width))

    off = round(face.center_x - DISPLAY_WIDTH / 2)
    tol = spec.center_tolerance_px
    if abs(off) <= tol:
        checks["face.centered"] = _c("face.centered", "pass", f"人像居中（偏离中线 {abs(off)} 像素）。", off,
                                     f"-{tol}–{tol}")
    else:
        side = "右" if off > 0 else "左"
        checks["face.centered"] = _c("face.centered", "fail",
                                     f"人像偏{side} {abs(off)} 像素（允许 {tol}）：请左右重新裁剪，让脸在正中间（{FIX_HINT}）。",
                                     off, f"-{tol}–{tol}")

    tilt = face.tilt_deg
    tol_deg = spec.eyes_level_tolerance_deg
    if tilt is None:
        checks["face.eyes_level"] = _c("face.eyes_level", "skip", "没有找到两只眼睛的位置，无法检查双眼是否水平。")
    elif abs(tilt) <= tol_deg:
        checks["face.eyes_level"] = _c("face.eyes_level", "pass", f"双眼在同一水平线上（倾斜 {abs(tilt):.1f}°）。",
                                       round(tilt, 1), f"-{tol_deg:g}–{tol_deg:g}")
    else:
        checks["face.eyes_level"] = _c("face.eyes_level", "fail",
                                       f"头歪了 {abs(tilt):.1f}°（允许 {tol_deg:g}°），双眼不在同一水平线：请坐正、头摆正、平视镜头重拍。"
                                       f"照片不允许旋转修正。", round(tilt, 1), f"-{tol_deg:g}–{tol_deg:g}")


def check_photo(data: bytes, filename: str, spec: PhotoSpec | None = None) -> PhotoReport:
    return analyze(data, filename, spec).report

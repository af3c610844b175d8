"""The photo checker: every check code of ../shared/spec/photo.md, numbers from the round's PhotoSpec."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
from PIL import Image

from checks.photo import measure
from checks.photo.decode import Decoded, PhotoReadError, decode
from checks.photo.face import Face, HeadTop, detect_faces, estimate_head_top, lab
from checks.photo.models import CODES, PhotoCheck, PhotoReport
from checks.photo.spec import PhotoSpec
from checks.photo.words import background_seen, say

DISPLAY_WIDTH = 480  # default only; the display is as wide as the round's frame (spec.width)


@dataclass
class Geometry:
    """Measurements in display coordinates (upright photo scaled to the frame's width) and in the frame."""
    disp_size: tuple[int, int]
    frame: tuple[int, int] = (DISPLAY_WIDTH, DISPLAY_WIDTH * 4 // 3)
    faces: list[Face] = field(default_factory=list)
    head: HeadTop | None = None
    bg_median: tuple[int, int, int] | None = None
    bg_delta_e: float | None = None
    bg_spread: float | None = None
    bg_patches: list[tuple[int, int, int, int]] = field(default_factory=list)
    band: tuple[str, int] | None = None   # an added border (side, width px), see measure.border

    @property
    def y_to_frame(self) -> float:
        return self.frame[1] / self.disp_size[1]

    @property
    def face(self) -> Face | None:
        return self.faces[0] if len(self.faces) == 1 else None


@dataclass
class Analysis:
    report: PhotoReport
    spec: PhotoSpec
    decoded: Decoded | None = None
    display: Image.Image | None = None   # upright RGB, as wide as the frame (spec.width)
    geometry: Geometry | None = None

    @property
    def passed(self) -> bool:
        return self.report.passed


def _plain(v):
    """Plain Python values for the JSON contract (numpy scalars would leak into `measured`)."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def _c(code, status, message, measured=None, expected=None) -> PhotoCheck:
    return PhotoCheck(code=code, status=status, measured=_plain(measured), expected=_plain(expected), message=message)


def _rng(r) -> str:
    return f"{r[0]}–{r[1]}"


def _patches(w: int, h: int, eye_y: float | None, band: tuple[str, int] | None = None) -> list[tuple[int, int, int, int]]:
    """Background sample boxes (x0, y0, x1, y1): top corners, top centre, and both sides at eye height.

    An added border is left out (the boxes move inward past it): it is `image.border`'s finding, and the fix can
    often crop it away, which a "background not uniform" refusal would prevent.
    """
    if band is not None:
        side, n = band
        n += 2  # JPEG ringing at the band's inner edge
        x0, y0 = (n if side == "左" else 0), (n if side == "上" else 0)
        x1, y1 = w - (n if side == "右" else 0), h - (n if side == "下" else 0)
        return [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in _patches(x1 - x0, y1 - y0, None if eye_y is None
                                                                              else eye_y - y0)]
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
    boxes = _patches(w, h, eye_y, geo.band)
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


def _size_text(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def analyze(data: bytes, filename: str, spec: PhotoSpec) -> Analysis:
    """Run every check on one upload. Never raises for bad input: problems become failed checks.

    `spec` is the photo standard of the caller's round. Every number in a message comes from it, never from
    this code.
    """
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
    window = f"{spec.min_bytes}–{spec.max_bytes}"
    if spec.min_bytes <= size <= spec.max_bytes:
        checks["file.size"] = _c("file.size", "pass", f"文件大小 {_size_text(size)}，在 {spec.bytes_text} 之间。", size,
                                 window)
    else:
        what = "太大" if size > spec.max_bytes else "太小"
        todo = (f"降低 JPG 压缩品质（不低于{spec.min_quality}）重新保存" if size > spec.max_bytes
                else "提高 JPG 压缩品质重新保存，不要用截图或反复压缩的照片")
        checks["file.size"] = _c("file.size", "fail",
                                 f"文件大小 {_size_text(size)}，{what}，应在 {spec.bytes_text} 之间：{todo}。",
                                 size, window)

    try:
        decoded = decode(data, spec.max_upload_bytes, spec.max_pixels)
    except PhotoReadError as exc:
        checks["file.readable"] = _c("file.readable", "fail", exc.message, exc.measured, "可以打开的图片")
        if not data.startswith(b"\xff\xd8\xff"):
            # The first bytes already show it is no JPEG (text, PNG, PDF, empty): that fails on its own.
            checks["file.format"] = _c("file.format", "fail", "文件不是 JPEG 格式：请用相机或看图软件导出 JPG 照片。",
                                       "不是 JPEG", "JPEG")
        for code in CODES:
            if code not in checks:
                checks[code] = _c(code, "skip", "照片打不开，无法检查这一项。")
        return Analysis(_report(name, checks, spec), spec)

    facts = decoded.facts
    checks["file.readable"] = _c("file.readable", "pass", f"图片可以打开（{facts.format}）。", facts.format, "可以打开的图片")
    if facts.format == "JPEG":
        msg = "文件是 JPEG 格式。" + ("（渐进式 JPEG，个别系统不兼容，建议另存为普通 JPEG。）"
                                       if facts.progressive else "")
        checks["file.format"] = _c("file.format", "warn" if facts.progressive else "pass", msg,
                                   "JPEG (progressive)" if facts.progressive else "JPEG", "JPEG")
    else:
        checks["file.format"] = _c("file.format", "fail",
                                   f"文件实际是 {facts.format} 格式（不是只改扩展名就行），应为 JPEG：用看图软件“另存为 JPG”。", facts.format, "JPEG")

    # The file as stored: the platform and the printer read the stored pixels and may ignore the EXIF tag.
    w, h = facts.stored_size
    turned = facts.orientation != 1
    if (w, h) == (spec.width, spec.height):
        checks["image.dimensions"] = _c("image.dimensions", "pass", f"照片是 {spec.size_text} 像素（宽×高）。", [w, h],
                                        [spec.width, spec.height])
    else:
        shape = "" if w * spec.height == h * spec.width else "，宽高比例也不对"
        side = "（文件里存的是横着的，只是带了“旋转”标记）" if turned and facts.size == (spec.width, spec.height) else ""
        checks["image.dimensions"] = _c("image.dimensions", "fail",
                                        f"照片文件是 {w}×{h} 像素{shape}{side}：应为宽 {spec.width}、高 {spec.height} 像素，"
                                        f"把照片裁剪为 {spec.size_text}。", [w, h], [spec.width, spec.height])
    if not turned:
        checks["image.orientation"] = _c("image.orientation", "pass", "照片文件里的像素是正着存的。", 1, 1)
    else:
        checks["image.orientation"] = _c("image.orientation", "fail",
                                         "照片文件里的像素是横着或倒着存的，只靠一个“旋转”标记让手机显示成正的；报名平台和"
                                         "证书打印可能不看这个标记，照片会躺倒或倒过来：请在修图软件里把照片摆正后另存"
                                         "（把像素真正摆正，去掉标记）。", facts.orientation, 1)

    dpi = facts.dpi
    what_dpi = "（分辨率 dpi 指每英寸多少像素，打印时用）"
    if dpi is not None and round(dpi) == spec.dpi:
        checks["image.dpi"] = _c("image.dpi", "pass", f"分辨率记录为 {spec.dpi} dpi{what_dpi}。", round(dpi), spec.dpi)
    else:
        got = f"记录的分辨率是 {dpi:g} dpi" if dpi else "没有记录分辨率"
        checks["image.dpi"] = _c("image.dpi", "fail",
                                 f"文件里{got}，应为 {spec.dpi} dpi{what_dpi}：在修图软件里把分辨率设为 {spec.dpi}"
                                 f" 像素/英寸后另存。", round(dpi) if dpi else None, spec.dpi)

    mode_name = {"L": "灰度（黑白）", "LA": "带透明的灰度", "1": "黑白二值", "P": "调色板（256色）",
                 "PA": "带透明的调色板", "CMYK": "CMYK 印刷色", "RGBA": "带透明通道的 32 位 RGBA",
                 "YCbCr": "YCbCr", "I;16": "16 位灰度", "I": "32 位灰度"}
    if facts.mode == "RGB" and (facts.bits or 8) == 8 and not facts.monochrome:
        checks["image.color"] = _c("image.color", "pass", "24 位真彩色（普通彩色照片）。", "RGB 24-bit", "RGB 24-bit")
    elif facts.mode == "RGB" and (facts.bits or 8) == 8:
        checks["image.color"] = _c("image.color", "warn",
                                   "文件是 24 位彩色格式，但画面几乎没有颜色，像黑白照片：毕业证要求彩色照片，请用彩色照片。",
                                   "RGB 24-bit (grey content)", "RGB 24-bit")
    else:
        desc = mode_name.get(facts.mode or "", facts.mode or "未知")
        if facts.mode == "RGB":
            desc = f"每种颜色 {facts.bits} 位（共 {3 * (facts.bits or 8)} 位）"
        checks["image.color"] = _c("image.color", "fail",
                                   f"颜色模式是{desc}，应为 24 位真彩色（普通彩色照片）：另存为普通的彩色 JPG。",
                                   f"{facts.mode} {facts.bits or '?'}-bit", "RGB 24-bit")

    if facts.format == "JPEG" and facts.quality is not None:
        q = facts.quality
        if q >= spec.min_quality:
            checks["jpeg.quality"] = _c("jpeg.quality", "pass", f"压缩品质约为 {q}，不低于 {spec.min_quality}。", q,
                                        f">={spec.min_quality}")
        else:
            checks["jpeg.quality"] = _c("jpeg.quality", "fail",
                                        f"压缩品质约为 {q}，低于 {spec.min_quality}，照片会发糊：用原图以品质 {spec.min_quality}"
                                        f"以上重新保存，不要用反复压缩过的照片。", q, f">={spec.min_quality}")
    else:
        checks["jpeg.quality"] = _c("jpeg.quality", "skip", "不是 JPEG 文件，没有压缩品质可查；另存为 JPG 后再检查。",
                                    None, f">={spec.min_quality}")

    # Display image: upright, as wide as the frame. All geometry is measured on it.
    img = decoded.image
    dw = spec.width
    dh = max(1, round(dw * img.height / img.width))
    display = img if img.size == (dw, dh) else img.resize((dw, dh), Image.Resampling.BILINEAR, reducing_gap=2.0)
    arr = np.asarray(display)
    geo = Geometry(disp_size=(dw, dh), frame=(spec.width, spec.height))
    geo.band = measure.border(arr, spec.border_max_share, spec.border_line_std, spec.border_step, spec.border_min_px,
                              spec.border_drift)
    # Detect on the decoded image (more pixels than display when the photo is big), map to display coords.
    faces = detect_faces(img, spec.face_min_confidence, spec.face_min_relative_size)
    geo.faces = [f.scaled(dw / img.width) for f in faces]
    _geometry_checks(arr, geo, spec, checks)
    _v2_checks(arr, img, geo, spec, checks)
    return Analysis(_report(name, checks, spec), spec, decoded, display, geo)


def _report(name: str, checks: dict, spec: PhotoSpec) -> PhotoReport:
    return PhotoReport(file=name, checks=[checks[c] for c in CODES], self_confirm=list(spec.self_confirm))


def _geometry_checks(arr: np.ndarray, geo: Geometry, spec: PhotoSpec, checks: dict) -> None:
    n = len(geo.faces)
    face = geo.face
    k = geo.y_to_frame
    bg_lab = _background(arr, face.eye_y if face else None, spec, geo)

    de, spread = geo.bg_delta_e, geo.bg_spread
    r, g, b = geo.bg_median
    bg_measured = {"rgb": [r, g, b], "delta_e": round(de, 1)}
    bg_expected = {"rgb": list(spec.background_rgb), "max_delta_e": spec.background_max_delta_e}
    bg_name = spec.background_words["name"]
    status = "pass" if de <= spec.background_max_delta_e else "fail"
    checks["background.color"] = _c("background.color", status,
                                    say(spec, "background.color", status, bg_name=bg_name,
                                        bg_seen=background_seen(spec, bg_lab)), bg_measured, bg_expected)
    if spread <= spec.background_max_spread:
        checks["background.uniform"] = _c("background.uniform", "pass", f"背景均匀（各处颜色差别最大 {spread:.0f}）。",
                                          round(spread, 1), f"<={spec.background_max_spread:g}")
    else:
        checks["background.uniform"] = _c("background.uniform", "fail",
                                          f"背景不均匀（各处颜色差别最大 {spread:.0f}，最多 {spec.background_max_spread:g}）："
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
                                     "（原图头顶上方有足够的背景时，重新裁剪也可以）。", 0, _rng(spec.head_top))
    elif geo.head.method == "estimate" and lo - spec.head_top_estimate_margin_px <= head_f <= hi + spec.head_top_estimate_margin_px:
        # No plain background to see the crown against: the estimate is ~50 px off at worst (docs/photo.md).
        checks["face.head_top"] = _c("face.head_top", "warn", say(spec, "face.head_top", "warn", head=head_f, lo=lo,
                                                                  hi=hi), head_f, _rng(spec.head_top))
    elif lo <= head_f <= hi:
        checks["face.head_top"] = _c("face.head_top", "pass", f"头顶离上边 {head_f} 像素，在 {lo}–{hi} 之间。{note}",
                                     head_f, _rng(spec.head_top))
    else:
        todo = "头顶上方留的背景太多，人像偏小或偏下" if head_f > hi else "头顶离上边太近"
        checks["face.head_top"] = _c("face.head_top", "fail",
                                     f"头顶离上边 {head_f} 像素，应为 {lo}–{hi}：{todo}，请重新裁剪。{note}",
                                     head_f, _rng(spec.head_top))

    eye_f = round(face.eye_y * k)
    lo, hi = spec.eye_line
    if lo <= eye_f <= hi:
        checks["face.eye_line"] = _c("face.eye_line", "pass", f"双眼离上边 {eye_f} 像素，在 {lo}–{hi} 之间。", eye_f,
                                     _rng(spec.eye_line))
    else:
        where = "太靠上" if eye_f < lo else "太靠下"
        checks["face.eye_line"] = _c("face.eye_line", "fail",
                                     f"双眼离上边 {eye_f} 像素，{where}，应为 {lo}–{hi}：请重新裁剪，让眼睛落在这个范围内。"
                                     , eye_f, _rng(spec.eye_line))

    fw = round(face.cheek_width(spec.face_width_per_eye_distance, spec.face_width_per_eye_mouth))  # display = frame width
    lo, hi = spec.face_width
    # The width comes from the eye distance and the eye–mouth distance; a turned head bends both (real
    # portraits read up to 35 px wide), so near the limits a turned head's reading is only a `warn`.
    m = spec.face_width_uncertain_px if abs(_yaw_deg(face, spec) or 0.0) >= spec.face_width_reliable_yaw_deg else 0
    status = "pass" if lo <= fw <= hi else ("warn" if lo - m <= fw <= hi + m else "fail")
    what = "脸太小（人像离镜头太远或留边太多）" if fw < lo else "脸太大（离镜头太近或裁得太紧）"
    checks["face.width"] = _c("face.width", status, say(spec, "face.width", status, fw=fw, lo=lo, hi=hi, what=what),
                              fw, _rng(spec.face_width))

    off = round(face.center_x - geo.disp_size[0] / 2)
    tol = spec.center_tolerance_px
    if abs(off) <= tol:
        checks["face.centered"] = _c("face.centered", "pass", f"人像居中（偏离中线 {abs(off)} 像素）。", off,
                                     f"-{tol}–{tol}")
    else:
        side = "右" if off > 0 else "左"
        checks["face.centered"] = _c("face.centered", "fail",
                                     f"人像偏{side} {abs(off)} 像素（允许 {tol}）：请左右重新裁剪，让脸在正中间。",
                                     off, f"-{tol}–{tol}")

    tilt = face.tilt_deg
    tol_deg = spec.eyes_level_tolerance_deg
    expected = f"-{tol_deg:g}–{tol_deg:g}"
    if tilt is None:
        checks["face.eyes_level"] = _c("face.eyes_level", "skip", "没有找到两只眼睛的位置，无法检查双眼是否水平。")
    elif not face.tilt_reliable:
        checks["face.eyes_level"] = _c("face.eyes_level", "warn",
                                       f"无法可靠测量头是否摆正（粗略估计倾斜 {abs(tilt):.0f}°，允许 {tol_deg:g}°）："
                                       f"侧光、转头或头发会干扰测量。请自己看一下：两只眼睛是否在同一水平线上，头是否摆正。",
                                       round(tilt, 1), expected)
    elif abs(tilt) <= tol_deg:
        checks["face.eyes_level"] = _c("face.eyes_level", "pass", f"双眼在同一水平线上（倾斜 {abs(tilt):.1f}°）。",
                                       round(tilt, 1), expected)
    else:
        checks["face.eyes_level"] = _c("face.eyes_level", "fail",
                                       f"头歪了 {abs(tilt):.1f}°（允许 {tol_deg:g}°），双眼不在同一水平线：请坐正、头摆正、平视镜头重拍。"
                                       f"照片不允许旋转修正。", round(tilt, 1), expected)


def _yaw_deg(face: Face, spec: PhotoSpec) -> float | None:
    """Head turn in degrees from the nose's sideways offset (see Face.yaw_ratio)."""
    r = face.yaw_ratio
    return None if r is None else math.degrees(math.atan(r / spec.frontal_turn_depth))


def _grade(value: float, limits: tuple[float, float]) -> str:
    """pass / warn / fail for a (pass limit, fail limit) pair; the order of the pair says which way is better."""
    ok, bad = limits
    if ok >= bad:  # higher is better
        return "pass" if value >= ok else ("fail" if value < bad else "warn")
    return "pass" if value <= ok else ("fail" if value > bad else "warn")


def _v2_checks(arr: np.ndarray, img: Image.Image, geo: Geometry, spec: PhotoSpec, checks: dict) -> None:
    """The checks added in v2 of the contract (issue 9). Limits are (pass, fail) pairs from the round's data."""
    side_names = {"上": "上边", "下": "下边", "左": "左边", "右": "右边"}
    band = geo.band
    if band is None:
        checks["image.border"] = _c("image.border", "pass", "照片四边没有加上去的边框或色带。", 0, 0)
    else:
        side, px = band
        checks["image.border"] = _c("image.border", "fail",
                                    f"照片{side_names[side]}有一条约 {px} 像素宽的纯色边（黑边、白边或色带），规范不允许加边框："
                                    "请用原照片重新裁剪，不要加边框或留白。",
                                    {"side": side_names[side], "px": px}, 0)

    face = geo.face
    if face is None:
        for code in ("face.frontal", "face.ears_visible", "image.sharpness", "clothing.contrast", "image.exposure",
                     "face.headwear", "face.glasses", "face.eyebrows_visible"):
            checks[code] = _c(code, "skip", say(spec, "skip", ""))
        return
    fw = face.cheek_width(spec.face_width_per_eye_distance, spec.face_width_per_eye_mouth)
    bg_lab = lab(np.array(geo.bg_median, dtype=np.uint8))

    # Frontal: yaw from the nose's sideways offset, pitch from where the nose sits between eyes and mouth.
    yaw_r, pitch_r = face.yaw_ratio, face.pitch_ratio
    if yaw_r is None or pitch_r is None:
        checks["face.frontal"] = _c("face.frontal", "skip", "没有找到鼻子和嘴的位置，无法检查是否正对镜头。")
    else:
        yaw = _yaw_deg(face, spec)
        st_yaw = _grade(abs(yaw), spec.frontal_yaw_deg)
        lo, hi = spec.frontal_pitch_ratio
        flo, fhi = spec.frontal_pitch_fail_ratio
        st_pitch = "pass" if lo <= pitch_r <= hi else ("warn" if flo <= pitch_r <= fhi else "fail")
        order = {"pass": 0, "warn": 1, "fail": 2}
        status = max(st_yaw, st_pitch, key=order.get)
        measured = {"yaw_deg": round(yaw, 1), "pitch_ratio": round(pitch_r, 2)}
        expected = {"max_yaw_deg": spec.frontal_yaw_deg[0], "pitch_ratio": list(spec.frontal_pitch_ratio)}
        turn = "向左" if yaw < 0 else "向右"
        nod = "低头" if pitch_r > hi else "抬头"
        if status == "pass":
            msg = f"脸正对镜头（左右转动约 {abs(yaw):.0f}°）。"
        elif status == "warn":
            what = f"头像是{turn}转了约 {abs(yaw):.0f}°" if order[st_yaw] >= order[st_pitch] else f"头像是有点{nod}"
            msg = (f"{what}，不能确定：请自己看一下是否正对镜头、平视。规范要求正面照，转头或{nod}会被平台退回。")
        else:
            what = (f"头{turn}转了约 {abs(yaw):.0f}°（允许约 {spec.frontal_yaw_deg[0]:g}°）" if st_yaw == "fail"
                    else f"头明显{nod}了")
            msg = f"{what}，不是正面照：请正对镜头、平视、下巴放平重拍。照片不能靠裁剪改正。"
        checks["face.frontal"] = _c("face.frontal", status, msg, measured, expected)

    light = measure.lighting(arr, face, fw)
    hair = measure.hair_colour(arr, face, fw)
    checks["face.ears_visible"] = _ears_check(arr, face, fw, light.skin_lab, hair, bg_lab, spec)
    scale = img.width / geo.disp_size[0]
    target = min(max(fw, spec.face_width[0]), spec.face_width[1])
    sharp = measure.sharpness(img, face, scale, target)
    mean, edge = sharp
    status = _grade(mean, spec.sharpness_ratio)
    if status == "fail" and edge >= spec.sharpness_edge_ratio_fail:
        status = "warn"  # smooth skin but crisp eyes and outline: a retouched studio portrait, not a blur
    checks["image.sharpness"] = _c("image.sharpness", status, say(spec, "image.sharpness", status), round(mean, 2),
                                   f">={spec.sharpness_ratio[0]:g}")

    blend = measure.clothing(arr, face, fw, bg_lab, spec.clothing_close_delta_e)
    exp_cloth = f"<={spec.clothing_blend_share[0]:g}"
    if blend is None:
        checks["clothing.contrast"] = _c("clothing.contrast", "warn",
                                         "照片里看不到衣服（下边裁得太紧），无法检查衣服和背景是否有区别：请自己确认衣服颜色"
                                         "和浅蓝色背景明显不同。", None, exp_cloth)
    else:
        status = _grade(blend, spec.clothing_blend_share)
        pct = f"{blend * 100:.0f}%"
        if status == "pass":
            msg = "衣服颜色和背景有明显区别。"
        elif status == "warn":
            msg = f"胸前约 {pct} 的地方和背景颜色很接近：请确认衣服和背景有明显区别，最好穿深色有领的衣服。"
        else:
            msg = (f"胸前约 {pct} 的地方和背景颜色几乎一样，衣服和背景分不开（平台会当作“黑边”类问题退回）："
                   f"请换一件和浅蓝色明显不同的衣服（例如深色有领上衣）重拍。")
        checks["clothing.contrast"] = _c("clothing.contrast", status, msg, round(blend, 2), exp_cloth)

    # The brightest twentieth of the picture (background, shirt, highlights) tells an under-exposed photo from a
    # dark-skinned face: the face alone cannot, dark skin is not a fault.
    bright = float(np.percentile(lab(arr[::4, ::4].reshape(-1, 3))[:, 0], 95))
    parts = {
        "clipped": _grade(light.clipped, spec.exposure_clipped_share),
        "crushed": _grade(light.crushed, spec.exposure_clipped_share),
        "side": _grade(light.side_diff, spec.exposure_side_diff),
        "dark": _grade(bright, spec.exposure_picture_bright),
        "face_dark": "fail" if light.face_l < spec.exposure_face_lightness[0] else "pass",
        "face_bright": "fail" if light.face_l > spec.exposure_face_lightness[1] else "pass",
    }
    words = {"clipped": "脸上有一片曝光过度、发白看不清", "face_bright": "脸太亮、发白",
             "crushed": "脸上有一片太暗、看不清", "face_dark": "脸太暗",
             "dark": "整张照片太暗（连背景和衣领这些最亮的地方都发暗）", "side": "脸一边亮一边暗（侧光或阴影）"}
    order = {"pass": 0, "warn": 1, "fail": 2}
    worst = max(parts.values(), key=order.get)
    measured = {"face_lightness": round(light.face_l), "picture_brightest": round(bright),
                "side_difference": round(light.side_diff),
                "burnt_share": round(light.clipped, 3), "dark_share": round(light.crushed, 3)}
    expected = {"side_difference_max": spec.exposure_side_diff[0], "burnt_or_dark_share_max": spec.exposure_clipped_share[0]}
    found = "、".join(words[k] for k, v in parts.items() if v == worst and worst != "pass")
    if worst == "pass":
        msg = f"脸部亮度合适、光线均匀（两边脸亮度差 {light.side_diff:.0f}，满分 100）。"
    elif worst == "warn":
        msg = f"可能{found}：请看一下脸是否清楚、两边亮度是否差不多；最好在均匀的正面光下重拍。"
    else:
        msg = (f"{found}（两边脸亮度差 {light.side_diff:.0f}，最多 {spec.exposure_side_diff[0]:g}，满分 100）："
               f"请在光线均匀的地方重拍，光从正面来，脸上没有阴影，不要逆光或强光直射。照片不能靠修正改好。")
    checks["image.exposure"] = _c("image.exposure", worst, msg, measured, expected)
    _v3_checks(arr, face, fw, light.skin_lab, hair, spec, checks)


def _ears_check(arr, face, fw, skin, hair, bg_lab, spec: PhotoSpec) -> PhotoCheck:
    """pass: both ears skin-like and not hair-like; fail: one ear hair-like, not skin-like, hair on below it."""
    left, right = measure.ears(arr, face, fw, skin, hair, bg_lab, spec.ears_skin_chroma, spec.ears_skin_lightness,
                               spec.background_max_delta_e * 0.6, spec.ears_hair_delta_e)
    expected = {"skin_share_min": spec.ears_skin_share[0], "hair_share_max": spec.ears_hair_share[0]}
    sides = [(name, e) for name, e in (("左边", left), ("右边", right)) if e is not None]
    if not sides:
        return _c("face.ears_visible", "warn", say(spec, "face.ears_visible", "none"), None, expected)
    (skin_ok, skin_bad), (hair_ok, hair_bad) = spec.ears_skin_share, spec.ears_hair_share
    covered = [n for n, e in sides if e.skin <= spec.ears_skin_none
               or (e.hair >= hair_bad and e.skin <= skin_bad and e.hair_below >= spec.ears_hair_below)]
    clear = [n for n, e in sides if e.skin >= skin_ok and e.hair <= hair_ok]
    status = "fail" if covered else ("pass" if len(clear) == 2 else "warn")
    unclear = covered or [n for n, _ in sides if n not in clear] or ["左边" if left is None else "右边"]
    measured = {n2: None if e is None else {"skin": round(e.skin, 2), "hair": round(e.hair, 2),
                                            "hair_below": round(e.hair_below, 2)}
                for n2, e in (("left", left), ("right", right))}
    return _c("face.ears_visible", status, say(spec, "face.ears_visible", status, side=unclear[0]), measured, expected)


def _v3_checks(arr, face, fw, skin, hair, spec: PhotoSpec, checks: dict) -> None:
    """The checks added in v3 of the contract (issue 18): 免冠, glasses, fringe over the eyebrows."""
    share = measure.headwear(arr, face, fw, skin, spec.ears_skin_lightness)
    if share is None:
        checks["face.headwear"] = _c("face.headwear", "warn", say(spec, "face.headwear", "none"), None,
                                     f"<={spec.headwear_share[0]:g}")
    else:
        status = _grade(share, spec.headwear_share)
        checks["face.headwear"] = _c("face.headwear", status, say(spec, "face.headwear", status), round(share, 2),
                                     f"<={spec.headwear_share[0]:g}")
    glare, dark = measure.glasses(arr, face, fw)
    key = ("glare" if glare > spec.glasses_glare_share else "dark" if dark < spec.glasses_dark_ratio else "pass")
    checks["face.glasses"] = _c("face.glasses", "pass" if key == "pass" else "warn", say(spec, "face.glasses", key),
                                {"glare_share": round(glare, 3), "eye_to_cheek_lightness": round(dark, 2)},
                                {"glare_share_max": spec.glasses_glare_share,
                                 "eye_to_cheek_lightness_min": spec.glasses_dark_ratio})
    fringe = measure.eyebrows(arr, face, fw, skin, hair, spec.ears_hair_delta_e)
    if fringe is None:
        checks["face.eyebrows_visible"] = _c("face.eyebrows_visible", "warn", say(spec, "face.eyebrows_visible", "none"),
                                             None, f"<={spec.eyebrows_hair_share:g}")
    else:
        status = "warn" if fringe > spec.eyebrows_hair_share else "pass"
        checks["face.eyebrows_visible"] = _c("face.eyebrows_visible", status, say(spec, "face.eyebrows_visible", status),
                                             round(fringe, 2), f"<={spec.eyebrows_hair_share:g}")


def check_photo(data: bytes, filename: str, spec: PhotoSpec) -> PhotoReport:
    return analyze(data, filename, spec).report

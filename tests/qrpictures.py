"""The case-code QR as the help desk receives it: the downloaded PNG, a phone screenshot of the result page,
that screenshot as a JPEG, and a phone photo of a screen showing it (perspective, blur, noise, glare)."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SHOWN_CSS_PX = 200  # ui/casecode.py shows the QR 200 CSS pixels wide


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def screenshot_image(qr_png: bytes, rng: random.Random) -> Image.Image:
    """A 390×844 CSS-pixel phone page at device pixel ratio 2–3: text lines around the QR shown 200 px wide."""
    dpr = rng.choice([2, 2.625, 3])
    w, h = int(390 * dpr), int(844 * dpr)
    page = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(page)
    y = int(20 * dpr)
    while y < h:
        draw.rectangle([int(16 * dpr), y, int(rng.randrange(120, 370) * dpr), y + int(9 * dpr)],
                       fill=(rng.randrange(30, 90),) * 3)
        y += int(rng.choice([22, 22, 40]) * dpr)
    qr = Image.open(io.BytesIO(qr_png)).convert("RGB")
    side = int(SHOWN_CSS_PX * dpr)
    qr = qr.resize((side, side), Image.Resampling.BILINEAR)  # the browser scales the image to 200 CSS px
    top = int(rng.randrange(120, 500) * dpr)
    page.paste(Image.new("RGB", (side + 20, side + 20), "white"), (int(16 * dpr) - 10, top - 10))
    page.paste(qr, (int(16 * dpr), top))
    return page


def screen_photo_image(qr_png: bytes, rng: random.Random) -> Image.Image:
    """A 12 MP-ish phone photo (downscaled to 2000 px) of a screen showing the screenshot: tilted in perspective,
    slightly out of focus, sensor noise and a brightness gradient (glare)."""
    shot = screenshot_image(qr_png, rng).convert("L")
    w, h = shot.size
    out_w, out_h = 1500, 2000
    # the screen fills most of the photo's height, aspect kept; each corner moved at random (perspective)
    sh = out_h * 0.9
    sw = sh * w / h
    x0, y0 = (out_w - sw) / 2, (out_h - sh) / 2
    j = 0.06 * sh

    def jitter(x, y):
        return x + rng.uniform(-j, j), y + rng.uniform(-j, j)

    corners = [jitter(x0, y0), jitter(x0 + sw, y0), jitter(x0 + sw, y0 + sh), jitter(x0, y0 + sh)]
    coeffs = _perspective_coeffs(corners, [(0, 0), (w, 0), (w, h), (0, h)])
    photo = shot.transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR,
                           fillcolor=40)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.6)))
    glare = Image.linear_gradient("L").resize((out_w, out_h)).rotate(rng.uniform(0, 360))
    photo = Image.blend(photo, glare, 0.15)
    noise = Image.effect_noise((out_w, out_h), rng.uniform(8, 16))
    photo = Image.blend(photo, noise, 0.12)
    return photo


def _perspective_coeffs(dst, src):
    """PIL's 8 coefficients mapping output (dst) points back to input (src) points."""
    import numpy as np

    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, float), np.array(rhs, float)).tolist()


def forms(qr_png: bytes, seed: int) -> dict[str, bytes]:
    """Every form the help desk receives, as file bytes."""
    rng = random.Random(seed)
    shot = screenshot_image(qr_png, rng)
    return {
        "png": qr_png,
        "screenshot": _png(shot),
        "screenshot_jpeg": _jpeg(shot, rng.choice([60, 75, 85])),
        "screen_photo": _jpeg(screen_photo_image(qr_png, rng), 85),
    }

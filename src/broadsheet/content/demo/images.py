"""Deterministic illustrations for the demo: author portraits and article hero images.

Drawn with Pillow from a seed, in each section's colours, so the demo needs no stock photos
and no network. Every hero image comes with alt text that describes what it shows.
"""

from __future__ import annotations

import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

HERO_SIZE = (1600, 900)
AVATAR_SIZE = 400

# Per top-level section: (dark, light, accent) colours, and words for them in alt text.
PALETTES = {
    "news": ((26, 44, 74), (214, 196, 160), (236, 150, 72), "deep navy", "sand", "orange"),
    "politics": ((96, 26, 38), (226, 208, 196), (214, 170, 80), "burgundy", "stone", "gold"),
    "business": ((14, 72, 64), (204, 226, 214), (240, 186, 64), "dark green", "mint",
                 "amber"),
    "technology": ((38, 36, 96), (196, 204, 238), (88, 214, 200), "indigo", "pale lilac",
                   "teal"),
    "science-environment": ((16, 78, 96), (190, 226, 226), (250, 208, 120), "deep teal",
                            "pale aqua", "sunlit yellow"),
    "culture": ((104, 52, 26), (240, 218, 190), (200, 80, 96), "chestnut", "cream", "rose"),
    "sport": ((24, 84, 44), (222, 236, 200), (246, 246, 240), "pitch green", "pale lime",
              "white"),
    "opinion": ((70, 52, 104), (230, 220, 236), (232, 132, 92), "plum", "lavender", "coral"),
}

SECTION_MOTIFS = {
    "news": "skyline", "politics": "columns", "business": "chart", "technology": "circuit",
    "science-environment": "waves", "culture": "pages", "sport": "pitch", "opinion": "columns",
}

_SUBJECTS = {
    "skyline": "a stylised city skyline with lit windows, seen across the water",
    "chart": "a line chart climbing and dipping across a grid",
    "waves": "layered waves rolling towards the shore under a low sun",
    "storm": "heavy storm clouds with slanting rain",
    "circuit": "the traces and junctions of a circuit board",
    "pitch": "a football pitch seen from above, with its markings",
    "court": "a tennis court seen from above, with a ball near the net",
    "columns": "a columned parliament building with broad steps",
    "pages": "an open book with lines of text",
    "film": "a cinema screen glowing above rows of seats",
    "sound": "the bars of a sound meter rising and falling",
    "pulse": "a heart monitor trace running across the frame",
    "map": "a coastline with a dotted sea route between two shores",
    "road": "a road running towards hills on the horizon",
    "rail": "a train crossing a viaduct by the sea",
    "factory": "an industrial skyline of sheds and chimneys",
    "night": "a street at night lit by flashing lights",
    "stars": "a satellite above the curve of the earth against the stars",
}


def describe(motif: str, section: str) -> str:
    """Alt text for a hero image: what the illustration shows, and its colours."""
    dark, light, accent, dark_name, light_name, accent_name = PALETTES.get(
        section, PALETTES["news"])
    subject = _SUBJECTS.get(motif, _SUBJECTS["skyline"])
    return f"Illustration of {subject}, in {dark_name} and {light_name} with {accent_name} " \
           f"highlights."


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


@lru_cache(maxsize=2)
def _gradient_mask(size: tuple[int, int]) -> Image.Image:
    return Image.linear_gradient("L").resize(size, Image.BILINEAR)


@lru_cache(maxsize=2)
def _grain(size: tuple[int, int]) -> Image.Image:
    # Made once at a quarter of the size and scaled up: a soft grain, cheap to reuse.
    small = Image.effect_noise((size[0] // 4, size[1] // 4), 40)
    return small.resize(size, Image.BILINEAR).convert("RGB")


def hero_jpeg(*, motif: str, section: str, seed: int) -> bytes:
    """A 1600×900 JPEG illustration for a hero image."""
    rng = random.Random(seed)
    dark, light, accent = PALETTES.get(section, PALETTES["news"])[:3]
    w, h = HERO_SIZE
    image = Image.composite(Image.new("RGB", HERO_SIZE, _mix(light, dark, 0.35)),
                            Image.new("RGB", HERO_SIZE, light), _gradient_mask(HERO_SIZE))
    # An RGB image drawn in "RGBA" mode blends translucent shapes onto it.
    draw = ImageDraw.Draw(image, "RGBA")
    _MOTIFS.get(motif, _skyline)(draw, rng, w, h, dark, light, accent)
    # A fine grain, so the flat shapes look printed rather than vector-clean.
    image = Image.blend(image, _grain(HERO_SIZE), 0.07)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def avatar_png(*, name: str, index: int) -> bytes:
    """A 400×400 portrait placeholder: initials on a coloured disc."""
    colours = [p[0] for p in PALETTES.values()]
    accents = [p[2] for p in PALETTES.values()]
    background = colours[index % len(colours)]
    size = AVATAR_SIZE
    image = Image.new("RGB", (size, size), _mix(background, (255, 255, 255), 0.85))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, size - 20, size - 20), fill=background)
    draw.arc((20, 20, size - 20, size - 20), 200, 340, fill=accents[index % len(accents)],
             width=10)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=150)
    draw.text((size / 2, size / 2 + 6), initials, fill=(250, 248, 242), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- Motifs -------------------------------------------------------------------------------


def _a(colour: tuple, alpha: int) -> tuple:
    return (*colour, alpha)


def _skyline(d, rng, w, h, dark, light, accent, lights=True):
    d.ellipse((w * 0.68, h * 0.12, w * 0.68 + 190, h * 0.12 + 190), fill=_a(accent, 200))
    for layer, shade in ((0, 120), (1, 235)):
        x = -20
        base = h * (0.78 if layer else 0.7)
        while x < w:
            bw = rng.randint(60, 150)
            bh = rng.randint(120, 430) * (0.75 if layer == 0 else 1)
            d.rectangle((x, base - bh, x + bw, h), fill=_a(_mix(dark, light, 0.25 - layer * 0.2),
                                                           shade))
            if layer and lights:
                for wy in range(int(base - bh + 18), int(base) - 10, 34):
                    for wx in range(x + 12, x + bw - 16, 28):
                        if rng.random() < 0.35:
                            d.rectangle((wx, wy, wx + 12, wy + 16), fill=_a(accent, 220))
            x += bw + rng.randint(4, 24)
    d.rectangle((0, h * 0.78, w, h), fill=_a(dark, 255))
    for y in range(int(h * 0.8), h, 14):
        d.line((rng.randint(0, w // 2), y, rng.randint(w // 2, w), y), fill=_a(light, 40), width=2)


def _chart(d, rng, w, h, dark, light, accent):
    for x in range(100, w, 150):
        d.line((x, 80, x, h - 80), fill=_a(dark, 40), width=2)
    for y in range(80, h - 60, 110):
        d.line((80, y, w - 60, y), fill=_a(dark, 40), width=2)
    points, y = [], h * rng.uniform(0.45, 0.7)
    for i in range(24):
        x = 80 + i * (w - 140) / 23
        y = min(h - 120, max(120, y + rng.uniform(-70, 70)))
        points.append((x, y))
    d.polygon([*points, (points[-1][0], h - 80), (points[0][0], h - 80)], fill=_a(accent, 70))
    d.line(points, fill=_a(dark, 255), width=9, joint="curve")
    for x, y in points[::3]:
        d.ellipse((x - 11, y - 11, x + 11, y + 11), fill=_a(accent, 255), outline=_a(dark, 255),
                  width=4)


def _waves(d, rng, w, h, dark, light, accent):
    d.ellipse((w * 0.15, h * 0.2, w * 0.15 + 220, h * 0.2 + 220), fill=_a(accent, 190))
    for band in range(6):
        base = h * (0.45 + band * 0.1)
        amp, length, phase = rng.uniform(12, 36), rng.uniform(180, 420), rng.uniform(0, 6)
        pts = [(x, base + amp * math.sin(x / length * 2 * math.pi + phase))
               for x in range(0, w + 20, 20)]
        d.polygon([*pts, (w, h), (0, h)], fill=_a(_mix(light, dark, 0.3 + band * 0.13), 230))


def _storm(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(dark, 150))
    for _ in range(180):
        x, y = rng.uniform(-100, w), rng.uniform(h * 0.3, h)
        d.line((x, y, x - 40, y + 90), fill=_a(light, 90), width=3)
    for _ in range(14):
        x, y, r = rng.uniform(-100, w), rng.uniform(-80, h * 0.35), rng.uniform(120, 260)
        d.ellipse((x - r, y - r * 0.6, x + r, y + r * 0.6),
                  fill=_a(_mix(dark, light, rng.uniform(0.1, 0.4)), 235))
    x = rng.uniform(w * 0.3, w * 0.7)
    bolt = [(x, h * 0.3), (x - 40, h * 0.5), (x + 10, h * 0.5), (x - 50, h * 0.75)]
    d.line(bolt, fill=_a(accent, 255), width=8)


def _circuit(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(dark, 200))
    step = 60
    for _ in range(70):
        x, y = rng.randrange(0, w, step), rng.randrange(0, h, step)
        pts = [(x, y)]
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.5:
                x += rng.choice((-1, 1)) * step * rng.randint(1, 5)
            else:
                y += rng.choice((-1, 1)) * step * rng.randint(1, 3)
            pts.append((x, y))
        d.line(pts, fill=_a(light, 120), width=4)
        ex, ey = pts[-1]
        d.ellipse((ex - 9, ey - 9, ex + 9, ey + 9), fill=_a(accent, 255))
    cx, cy = w / 2, h / 2
    d.rounded_rectangle((cx - 170, cy - 120, cx + 170, cy + 120), 18, fill=_a(dark, 255),
                        outline=_a(accent, 255), width=6)


def _pitch(d, rng, w, h, dark, light, accent):
    for i in range(10):
        d.rectangle((i * w / 10, 0, (i + 1) * w / 10, h),
                    fill=_a(_mix(dark, light, 0.18 if i % 2 else 0.28), 255))
    line = _a(accent, 230)
    d.rectangle((80, 70, w - 80, h - 70), outline=line, width=7)
    d.line((w / 2, 70, w / 2, h - 70), fill=line, width=7)
    d.ellipse((w / 2 - 120, h / 2 - 120, w / 2 + 120, h / 2 + 120), outline=line, width=7)
    for x0, x1 in ((80, 300), (w - 300, w - 80)):
        d.rectangle((x0, h / 2 - 200, x1, h / 2 + 200), outline=line, width=7)
    bx, by = rng.uniform(w * 0.3, w * 0.7), rng.uniform(h * 0.3, h * 0.7)
    d.ellipse((bx - 16, by - 16, bx + 16, by + 16), fill=_a((250, 250, 250), 255))


def _court(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(_mix(dark, light, 0.2), 255))
    line = _a((246, 246, 240), 240)
    d.rectangle((160, 140, w - 160, h - 140), outline=line, width=8)
    d.rectangle((160, 220, w - 160, h - 220), outline=line, width=6)
    d.line((w / 2, 110, w / 2, h - 110), fill=_a(dark, 255), width=12)
    d.line((w / 2 - 380, 220, w / 2 - 380, h - 220), fill=line, width=6)
    d.line((w / 2 + 380, 220, w / 2 + 380, h - 220), fill=line, width=6)
    d.line((w / 2 - 380, h / 2, w / 2 + 380, h / 2), fill=line, width=6)
    bx, by = w / 2 + rng.uniform(60, 300), rng.uniform(h * 0.3, h * 0.7)
    d.ellipse((bx - 20, by - 20, bx + 20, by + 20), fill=_a(accent if accent != (246, 246, 240)
                                                          else (220, 230, 80), 255))


def _columns(d, rng, w, h, dark, light, accent):
    stone = _a(_mix(light, (255, 255, 255), 0.3), 255)
    d.ellipse((w * 0.1, h * 0.1, w * 0.1 + 160, h * 0.1 + 160), fill=_a(accent, 160))
    left, right = w * 0.2, w * 0.8
    d.polygon([(left - 30, h * 0.34), (w / 2, h * 0.12), (right + 30, h * 0.34)], fill=stone,
              outline=_a(dark, 255))
    d.rectangle((left - 30, h * 0.34, right + 30, h * 0.4), fill=_a(dark, 255))
    count = 8
    for i in range(count):
        x = left + i * (right - left) / (count - 1)
        d.rectangle((x - 24, h * 0.4, x + 24, h * 0.78), fill=stone, outline=_a(dark, 180),
                    width=3)
    for i in range(4):
        d.rectangle((left - 60 - i * 30, h * 0.78 + i * 28, right + 60 + i * 30,
                     h * 0.78 + (i + 1) * 28), fill=_a(_mix(light, dark, 0.15 + i * 0.1), 255))


def _pages(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(dark, 170))
    page = _a((250, 246, 236), 255)
    d.polygon([(w / 2, h * 0.2), (w * 0.14, h * 0.14), (w * 0.14, h * 0.86), (w / 2, h * 0.9)],
              fill=page)
    d.polygon([(w / 2, h * 0.2), (w * 0.86, h * 0.14), (w * 0.86, h * 0.86), (w / 2, h * 0.9)],
              fill=_a((242, 236, 222), 255))
    for side in (-1, 1):
        for i in range(16):
            y = h * 0.24 + i * 34
            length = rng.uniform(0.6, 1.0) * (w * 0.3)
            x0 = w / 2 + side * 50
            d.line((x0, y, x0 + side * length, y - side * 0 - 4), fill=_a(dark, 110), width=6)
    d.line((w / 2, h * 0.2, w / 2, h * 0.9), fill=_a(accent, 255), width=6)


def _film(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(dark, 235))
    d.rectangle((w * 0.15, h * 0.08, w * 0.85, h * 0.5), fill=_a(_mix(light, accent, 0.3), 255))
    for row in range(4):
        y = h * 0.62 + row * 70
        for x in range(60 + (row % 2) * 40, w, 80):
            d.ellipse((x, y, x + 56, y + 56), fill=_a(_mix(dark, (0, 0, 0), 0.4), 255))
            d.rectangle((x - 6, y + 30, x + 62, y + 90), fill=_a(accent, 70 + row * 20))


def _sound(d, rng, w, h, dark, light, accent):
    bars = 40
    for i in range(bars):
        x = 60 + i * (w - 120) / bars
        height = (0.2 + 0.8 * abs(math.sin(i / 5 + rng.uniform(0, 0.6)))) * h * 0.7
        d.rounded_rectangle((x, h / 2 - height / 2, x + (w - 120) / bars - 10, h / 2 + height / 2),
                            10, fill=_a(accent if i % 7 == 0 else dark, 230))


def _pulse(d, rng, w, h, dark, light, accent):
    for x in range(0, w, 80):
        d.line((x, 0, x, h), fill=_a(dark, 30), width=2)
    for y in range(0, h, 80):
        d.line((0, y, w, y), fill=_a(dark, 30), width=2)
    pts, x, base = [], 0, h * 0.55
    while x < w:
        pts += [(x, base), (x + 120, base), (x + 140, base - 40), (x + 160, base),
                (x + 190, base), (x + 210, base + 60), (x + 235, base - 260), (x + 260, base + 90),
                (x + 285, base), (x + 360, base)]
        x += rng.randint(360, 420)
    d.line(pts, fill=_a(accent, 255), width=10, joint="curve")
    d.line(pts, fill=_a(dark, 255), width=4)


def _map(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(_mix(light, dark, 0.35), 255))
    for side in (0, 1):
        pts = [(0 if side == 0 else w, 0)]
        for i in range(13):
            y = i * h / 12
            x = (w * 0.32 if side == 0 else w * 0.68) + rng.uniform(-80, 80)
            pts.append((x, y))
        pts.append((0 if side == 0 else w, h))
        d.polygon(pts, fill=_a(_mix(light, (255, 255, 255), 0.3), 255), outline=_a(dark, 255))
    route = [(w * 0.36, h * 0.3), (w * 0.5, h * 0.4), (w * 0.64, h * 0.62)]
    for (x0, y0), (x1, y1) in zip(route, route[1:], strict=False):
        for t in range(0, 20, 2):
            a, b = t / 20, (t + 1) / 20
            d.line((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b,
                    y0 + (y1 - y0) * b), fill=_a(accent, 255), width=8)
    for x, y in (route[0], route[-1]):
        d.ellipse((x - 18, y - 18, x + 18, y + 18), fill=_a(dark, 255))


def _road(d, rng, w, h, dark, light, accent):
    for i, shade in enumerate((0.3, 0.45, 0.6)):
        pts = [(x, h * (0.45 + i * 0.06) - 60 * math.sin(x / w * math.pi * (1 + i) + i))
               for x in range(0, w + 40, 40)]
        d.polygon([*pts, (w, h), (0, h)], fill=_a(_mix(light, dark, shade), 255))
    d.polygon([(w / 2 - 30, h * 0.55), (w / 2 + 30, h * 0.55), (w * 0.8, h), (w * 0.2, h)],
              fill=_a(_mix(dark, (40, 40, 40), 0.5), 255))
    for i in range(8):
        t0, t1 = i / 8, i / 8 + 0.05
        y0, y1 = h * 0.55 + (h * 0.45) * t0, h * 0.55 + (h * 0.45) * t1
        d.polygon([(w / 2 - 2 - 8 * t0, y0), (w / 2 + 2 + 8 * t0, y0), (w / 2 + 2 + 8 * t1, y1),
                   (w / 2 - 2 - 8 * t1, y1)], fill=_a(accent, 255))


def _rail(d, rng, w, h, dark, light, accent):
    _waves(d, rng, w, h, dark, light, accent)
    deck = h * 0.52
    d.rectangle((0, deck, w, deck + 26), fill=_a(dark, 255))
    for x in range(40, w, 220):
        d.rectangle((x, deck + 26, x + 50, h), fill=_a(dark, 235))
        d.pieslice((x + 50, deck - 20, x + 220, deck + 200), 180, 360, fill=_a(dark, 0))
    tx = rng.uniform(w * 0.15, w * 0.45)
    for car in range(4):
        x = tx + car * 190
        d.rounded_rectangle((x, deck - 92, x + 180, deck - 4), 16, fill=_a(accent, 255))
        for wx in range(int(x) + 16, int(x) + 160, 40):
            d.rectangle((wx, deck - 76, wx + 26, deck - 50), fill=_a(dark, 230))


def _factory(d, rng, w, h, dark, light, accent):
    for _ in range(10):
        x, y, r = rng.uniform(w * 0.2, w * 0.9), rng.uniform(h * 0.05, h * 0.35), \
            rng.uniform(40, 110)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_a(light, 150))
    base = h * 0.72
    x = 0
    while x < w:
        bw = rng.randint(160, 300)
        d.polygon([(x, base), (x + bw / 2, base - rng.randint(60, 140)), (x + bw, base),
                   (x + bw, h), (x, h)], fill=_a(dark, 255))
        if rng.random() < 0.5:
            d.rectangle((x + bw * 0.6, base - 330, x + bw * 0.6 + 36, base), fill=_a(dark, 255))
            d.rectangle((x + bw * 0.6, base - 300, x + bw * 0.6 + 36, base - 286),
                        fill=_a(accent, 255))
        x += bw
    d.rectangle((0, base, w, h), fill=_a(dark, 255))


def _night(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(_mix(dark, (0, 0, 0), 0.4), 230))
    _skyline(d, rng, w, h, _mix(dark, (0, 0, 0), 0.3), dark, accent)
    for _ in range(7):
        x, y, r = rng.uniform(0, w), rng.uniform(h * 0.6, h * 0.9), rng.uniform(30, 80)
        colour = (70, 130, 240) if rng.random() < 0.6 else accent
        d.ellipse((x - r, y - r, x + r, y + r), fill=_a(colour, 110))


def _stars(d, rng, w, h, dark, light, accent):
    d.rectangle((0, 0, w, h), fill=_a(_mix(dark, (0, 0, 0), 0.5), 255))
    for _ in range(260):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.choice((1, 1, 2, 3))
        d.ellipse((x - r, y - r, x + r, y + r), fill=_a((255, 255, 240), rng.randint(120, 255)))
    d.ellipse((-w * 0.3, h * 0.7, w * 1.3, h * 2.2), fill=_a(_mix(dark, light, 0.4), 255),
              outline=_a(accent, 200), width=6)
    cx, cy = w * rng.uniform(0.35, 0.65), h * rng.uniform(0.25, 0.45)
    d.rectangle((cx - 40, cy - 30, cx + 40, cy + 30), fill=_a(light, 255))
    for x0, x1 in ((cx - 250, cx - 50), (cx + 50, cx + 250)):
        d.rectangle((x0, cy - 22, x1, cy + 22), fill=_a(accent, 240))


_MOTIFS = {
    "skyline": _skyline, "chart": _chart, "waves": _waves, "storm": _storm,
    "circuit": _circuit, "pitch": _pitch, "court": _court, "columns": _columns,
    "pages": _pages, "film": _film, "sound": _sound, "pulse": _pulse, "map": _map,
    "road": _road, "rail": _rail, "factory": _factory, "night": _night, "stars": _stars,
}

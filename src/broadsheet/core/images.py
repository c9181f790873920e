"""Smaller copies of uploaded images, so phones do not download desktop-sized pictures."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 960, 1440)
WEBP_QUALITY = 80


def make_renditions(storage: Storage, name: str,
                    widths: tuple[int, ...] = RENDITION_WIDTHS) -> list[dict]:
    """Write WebP copies of the image ``name`` at each width narrower than the original.

    Returns ``[{"width", "height", "name"}]`` narrowest first. Existing copies are reused,
    so calling it again costs only the existence checks.
    """
    with storage.open(name, "rb") as handle:
        image = Image.open(handle)
        image = ImageOps.exif_transpose(image)
        image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    stem = PurePosixPath(name)
    renditions = []
    for width in sorted(widths):
        if width >= image.width:
            break
        height = round(image.height * width / image.width)
        target = str(PurePosixPath("renditions") / stem.parent / f"{stem.stem}-{width}w.webp")
        if not storage.exists(target):
            buffer = BytesIO()
            # method=0 encodes ~3x faster than the default for ~15% larger files: uploads
            # and bulk imports stay quick, and the copies are still far smaller than the original.
            image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0).save(
                buffer, "WEBP", quality=WEBP_QUALITY, method=0)
            target = storage.save(target, ContentFile(buffer.getvalue()))
        renditions.append({"width": width, "height": height, "name": target})
    return renditions

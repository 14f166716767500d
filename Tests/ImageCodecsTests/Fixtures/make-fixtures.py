#!/usr/bin/env python3
"""Regenerates the small committed fixtures of the bad-input corpus.

They are made with tools independent of safetyreg's own encoders, because those cannot
write these variants: Pillow (CMYK JPEG), cjpeg and jpegtran from libjpeg-turbo-progs
(progressive, restart markers), qpdf (an encrypted PDF), and a small PNG writer below
(Adam7 interlacing, 16-bit RGB, a palette), which Pillow cannot all write.

Usage: python3 make-fixtures.py   (run from this folder; needs Pillow, cjpeg, jpegtran, qpdf)
"""
import struct
import subprocess
import zlib

from PIL import Image, ImageDraw


def scene(w=96, h=72):
    """A small test card: gradients, a circle, text-like bars (real edges to measure)."""
    im = Image.new("RGB", (w, h), (240, 240, 235))
    d = ImageDraw.Draw(im)
    for x in range(w):
        d.line([(x, 0), (x, h // 3)], fill=(x * 255 // w, 120, 255 - x * 255 // w))
    d.ellipse([w // 8, h // 3, w // 2, h - 4], fill=(200, 40, 40))
    for i in range(5):
        d.rectangle([w // 2 + 6, h // 3 + 6 + i * 7, w - 6, h // 3 + 9 + i * 7], fill=(20, 20, 20))
    return im


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(path, width, height, color_type, depth, rows, interlace=False, palette=None):
    """Writes a PNG. `rows(x0, dx, y)` yields the raw bytes of one (sub-image) row."""
    raw = b""
    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            if x0 >= width or y0 >= height:
                continue
            for y in range(y0, height, dy):
                raw += b"\0" + rows(x0, dx, y)
    else:
        for y in range(height):
            raw += b"\0" + rows(0, 1, y)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette:
        data += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


def main():
    im = scene()
    im.save("scene.png")
    im.convert("CMYK").save("cmyk.jpg", quality=90)  # Adobe-marked, inverted CMYK
    im.save("baseline.ppm")
    subprocess.run(["cjpeg", "-quality", "90", "-progressive", "-outfile", "progressive.jpg", "baseline.ppm"], check=True)
    subprocess.run(["cjpeg", "-quality", "90", "-restart", "1", "-outfile", "restart.jpg", "baseline.ppm"], check=True)
    subprocess.run(["cjpeg", "-quality", "90", "-grayscale", "-outfile", "gray.jpg", "baseline.ppm"], check=True)
    px = im.load()
    w, h = im.size

    def rgb8(x0, dx, y):
        return b"".join(bytes(px[x, y]) for x in range(x0, w, dx))

    def rgb16(x0, dx, y):
        return b"".join(struct.pack(">HHH", *(c * 257 for c in px[x, y])) for x in range(x0, w, dx))

    png("interlaced.png", w, h, 2, 8, rgb8, interlace=True)
    png("rgb16.png", w, h, 2, 16, rgb16)
    pal = im.convert("P", palette=Image.ADAPTIVE, colors=16)
    ppx = pal.load()
    colors = pal.getpalette()[: 16 * 3]
    png("palette.png", w, h, 3, 8, lambda x0, dx, y: bytes(ppx[x, y] for x in range(x0, w, dx)),
        palette=[colors[i:i + 3] for i in range(0, 48, 3)])
    # A real two-page PDF (Pillow writes one), then encrypted by qpdf.
    im.save("plain.pdf", save_all=True, append_images=[im.convert("L")], resolution=20.0)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", "plain.pdf", "encrypted.pdf"], check=True)
    for tmp in ["baseline.ppm"]:
        subprocess.run(["rm", "-f", tmp])


if __name__ == "__main__":
    main()

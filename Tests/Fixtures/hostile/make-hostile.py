#!/usr/bin/env python3
"""Generate small, hostile PDF fixtures for renderer regression tests.

Python 3 standard library only. Every file is written next to this script.
Output is deterministic for a given zlib build (zlib.compress/compressobj
with fixed levels; no timestamps, no randomness).

Each PDF has a classic cross-reference table with correct byte offsets, so
poppler opens it without entering its "reconstruct xref" repair path.

Run:  python3 make-hostile.py            (writes all fixtures)
      python3 make-hostile.py NAME ...   (writes only the named fixtures)
"""

import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

A4 = b"[0 0 595 842]"


# --------------------------------------------------------------------------
# Minimal PDF writer
# --------------------------------------------------------------------------

def stream(entries: bytes, data: bytes) -> bytes:
    """An indirect stream object body: << entries /Length n >> stream ... endstream."""
    return (b"<< " + entries + b" /Length %d >>\nstream\n" % len(data)
            + data + b"\nendstream")


def build_pdf(objects) -> bytes:
    """objects[0] is object 1 (must be the Catalog). Returns complete file bytes."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref_pos = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"          # every entry is exactly 20 bytes
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, xref_pos))
    return bytes(out)


def one_page_pdf(content: bytes, resources: bytes = b"<< >>",
                 mediabox: bytes = A4, extra=(), compress=True,
                 page_extra: bytes = b"") -> bytes:
    """Catalog(1) Pages(2) Page(3) Contents(4), then `extra` objects as 5, 6, ..."""
    if compress:
        contents = stream(b"/Filter /FlateDecode", zlib.compress(content, 9))
    else:
        contents = stream(b"", content)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox
        + b" /Resources " + resources + b" /Contents 4 0 R" + page_extra + b" >>",
        contents,
    ]
    objs.extend(extra)
    return build_pdf(objs)


def deflate_stream_of(chunk: bytes, repeat: int, level: int = 9) -> bytes:
    """zlib-compress chunk*repeat without materialising it in memory."""
    co = zlib.compressobj(level)
    parts = []
    # Feed in ~4 MiB pieces.
    per = max(1, (4 << 20) // len(chunk))
    piece = chunk * per
    left = repeat
    while left >= per:
        parts.append(co.compress(piece))
        left -= per
    if left:
        parts.append(co.compress(chunk * left))
    parts.append(co.flush())
    return b"".join(parts)


SIMPLE_CONTENT = b"0.5 g 10 10 100 100 re f\n"


# --------------------------------------------------------------------------
# 1, 2: absurd MediaBoxes
# --------------------------------------------------------------------------

def mediabox_huge():
    return one_page_pdf(SIMPLE_CONTENT, mediabox=b"[0 0 5000000000000000 842]")


def mediabox_max():
    # 14400 x 14400 pt is the largest page ISO 32000 allows (at UserUnit 1):
    # 30000 x 30000 px at 150 dpi.
    return one_page_pdf(SIMPLE_CONTENT, mediabox=b"[0 0 14400 14400]")


def mediabox_zero():
    return one_page_pdf(SIMPLE_CONTENT, mediabox=b"[0 0 0 0]")


def mediabox_negative():
    # PDF has no exponent syntax, so -1e30 / 1e30 are written out in full
    # (as reals, ".0", since they do not fit any integer type).
    big = b"1" + b"0" * 30 + b".0"
    return one_page_pdf(SIMPLE_CONTENT, mediabox=b"[0 0 -" + big + b" " + big + b"]")


# --------------------------------------------------------------------------
# 3: JPEG 2000 codestream declaring a gigapixel image
# --------------------------------------------------------------------------

def j2k_codestream(width, height, tile):
    """Raw J2K codestream: SOC SIZ COD QCD, one (empty) tile-part, EOC."""
    levels = 5
    cs = bytearray(b"\xff\x4f")                                   # SOC
    siz = struct.pack(">HIIIIIIIIH", 0, width, height, 0, 0,
                      tile, tile, 0, 0, 1) + bytes([7, 1, 1])     # 8-bit, 1 comp
    cs += b"\xff\x51" + struct.pack(">H", len(siz) + 2) + siz     # SIZ
    cod = bytes([0,           # Scod: no precincts, no SOP/EPH
                 0,           # progression LRCP
                 0, 1,        # 1 layer
                 0,           # no MCT
                 levels, 4, 4, 0, 1])  # 5 levels, 64x64 code-blocks, 5/3 reversible
    cs += b"\xff\x52" + struct.pack(">H", len(cod) + 2) + cod     # COD
    qcd = bytes([0x40]) + bytes([8 << 3] + [9 << 3, 9 << 3, 10 << 3] * levels)
    cs += b"\xff\x5c" + struct.pack(">H", len(qcd) + 2) + qcd     # QCD
    # Tile 0, one tile-part: all packets empty (a zero bit per packet header).
    body = bytes(levels + 1)
    sot = struct.pack(">HIBB", 0, 12 + 2 + len(body), 0, 1)
    cs += b"\xff\x90" + struct.pack(">H", 10) + sot + b"\xff\x93" + body
    cs += b"\xff\xd9"                                             # EOC
    return bytes(cs)


def _image_page(w, h, bpc, filt, data, draws=1):
    img = stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                 b"/ColorSpace /DeviceGray /BitsPerComponent %d /Filter %s"
                 % (w, h, bpc, filt), data)
    return one_page_pdf(b"q 595 0 0 842 0 0 cm /Im0 Do Q\n" * draws,
                        resources=b"<< /XObject << /Im0 5 0 R >> >>",
                        extra=[img])


def jpx_gigapixel():
    # 30000 x 30000 in a single tile: openjpeg needs ~3.6 GB (int32 per
    # sample), which still fits under a 4 GB address-space cap.
    w = h = 30000
    return _image_page(w, h, 8, b"/JPXDecode", j2k_codestream(w, h, tile=w))


def jpx_gigapixel_40k():
    # 40000 x 40000 (1024-pixel tiles, only tile 0 present): 6.4 GB of
    # sample buffers; fails allocation under a 4 GB cap, succeeds without one.
    w = h = 40000
    return _image_page(w, h, 8, b"/JPXDecode", j2k_codestream(w, h, tile=1024))


# --------------------------------------------------------------------------
# 4: JBIG2 (embedded stream, no file header) with a huge page
# --------------------------------------------------------------------------

def jbig2_segment(num, seg_type, data, page=1):
    # number, flags (type, 1-byte page assoc), refs (0), page, data length
    return struct.pack(">IBBBI", num, seg_type & 0x3F, 0, page, len(data)) + data


def jbig2_gigapixel():
    w = h = 100000      # page bitmap = 1.25 GB at 1 bit/pixel
    page_info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region_info = struct.pack(">IIIIB", w, h, 0, 0, 0)
    # Generic region flags: MMR=0, template 0, TPGDON=0; nominal AT pixels.
    gen_flags = bytes([0x00]) + struct.pack(">8b", 3, -1, -3, -1, 2, -2, -2, -2)
    arith = b"\x00\x01\x02\x03"  # arithmetic decoder then runs off the end (0xFF fill)
    data = (jbig2_segment(0, 48, page_info)
            + jbig2_segment(1, 38, region_info + gen_flags + arith))   # immediate generic region
    return _image_page(w, h, 1, b"/JBIG2Decode", data)


# --------------------------------------------------------------------------
# 5: progressive JPEG (SOF2) declaring a huge frame
# --------------------------------------------------------------------------

def jpeg_progressive(width, height):
    j = bytearray(b"\xff\xd8")                                            # SOI
    dqt = bytes([0x00]) + bytes([1] * 64)
    j += b"\xff\xdb" + struct.pack(">H", len(dqt) + 2) + dqt             # DQT
    sof = struct.pack(">BHHB", 8, height, width, 1) + bytes([1, 0x11, 0])
    j += b"\xff\xc2" + struct.pack(">H", len(sof) + 2) + sof             # SOF2
    # DC table 0: a single 1-bit code "0" -> category 0 (diff 0).
    dht = bytes([0x00]) + bytes([1] + [0] * 15) + bytes([0])
    j += b"\xff\xc4" + struct.pack(">H", len(dht) + 2) + dht             # DHT
    # DC-first progressive scan: Ss=0 Se=0 Ah=0 Al=0.
    sos = bytes([1, 1, 0x00, 0, 0, 0])
    j += b"\xff\xda" + struct.pack(">H", len(sos) + 2) + sos             # SOS
    j += bytes(64)                                                        # a few blocks' worth
    j += b"\xff\xd9"                                                      # EOI
    return bytes(j)


def dct_gigapixel():
    # 40000 x 40000 progressive: libjpeg keeps a whole-image coefficient
    # buffer (64 x int16 per 8x8 block) = 3.2 GB, under a 4 GB cap.
    w = h = 40000
    return _image_page(w, h, 8, b"/DCTDecode", jpeg_progressive(w, h))


def dct_gigapixel_60k():
    # 60000 x 60000 progressive: 7.2 GB coefficient buffer.
    w = h = 60000
    return _image_page(w, h, 8, b"/DCTDecode", jpeg_progressive(w, h))


# --------------------------------------------------------------------------
# 6: deeply nested PostScript calculator function
# --------------------------------------------------------------------------

def ps_function_deep(depth=100000):
    code = b"{" + b" {" * depth + b" } if" * depth + b" }"
    fn = stream(b"/FunctionType 4 /Domain [0 1] /Range [0 1] /Filter /FlateDecode",
                zlib.compress(code, 9))
    shading = (b"<< /ShadingType 2 /ColorSpace /DeviceGray /Coords [0 0 595 842] "
               b"/Function 5 0 R /Extend [true true] >>")
    return one_page_pdf(b"/Sh0 sh\n",
                        resources=b"<< /Shading << /Sh0 6 0 R >> >>",
                        extra=[fn, shading])


# --------------------------------------------------------------------------
# 7: Coons patch mesh (type 6) that inflates to 1 GiB
# --------------------------------------------------------------------------

def mesh_shading():
    # 32-bit coordinates, 16-bit colour, 8-bit flag: a flag-0 patch is
    # 1 + 12*2*4 + 4*2 = 105 bytes. All-zero bytes are valid patches (flag 0,
    # every point at the Decode minimum) and compress best. 1 GiB of them is
    # double-Flated: ~1 MB after one pass, a few KB after the second.
    total = 1 << 30
    once = deflate_stream_of(b"\x00" * (1 << 20), total >> 20)
    twice = zlib.compress(once, 9)
    sh = stream(b"/ShadingType 6 /ColorSpace /DeviceGray /BitsPerCoordinate 32 "
                b"/BitsPerComponent 16 /BitsPerFlag 8 /Decode [0 595 0 842 0 1] "
                b"/Filter [/FlateDecode /FlateDecode]", twice)
    return one_page_pdf(b"/Sh0 sh\n",
                        resources=b"<< /Shading << /Sh0 5 0 R >> >>",
                        extra=[sh])


def coons_patch_full_page():
    """One flag-0 Coons patch covering the whole Decode range, corner colours 0/1/0/1."""
    m = 0xFFFFFFFF
    t1, t2 = m // 3, 2 * m // 3
    pts = [(0, 0), (0, t1), (0, t2), (0, m), (t1, m), (t2, m), (m, m),
           (m, t2), (m, t1), (m, 0), (t2, 0), (t1, 0)]
    return (b"\x00" + b"".join(struct.pack(">II", x, y) for x, y in pts)
            + struct.pack(">4H", 0, 0xFFFF, 0, 0xFFFF))


def mesh_shading_render(patches=1000000):
    # A million identical full-page patches whose corner colours differ, so
    # every patch is subdivided to the maximum depth when rendered. ~105 MB of
    # patch data, double-Flated.
    once = deflate_stream_of(coons_patch_full_page(), patches)
    twice = zlib.compress(once, 9)
    sh = stream(b"/ShadingType 6 /ColorSpace /DeviceGray /BitsPerCoordinate 32 "
                b"/BitsPerComponent 16 /BitsPerFlag 8 /Decode [0 595 0 842 0 1] "
                b"/Filter [/FlateDecode /FlateDecode]", twice)
    return one_page_pdf(b"/Sh0 sh\n",
                        resources=b"<< /Shading << /Sh0 5 0 R >> >>",
                        extra=[sh])


# --------------------------------------------------------------------------
# 8: a million nested q
# --------------------------------------------------------------------------

def nested_q(n=1000000):
    content = b"q\n" * n + b"0.5 g 10 10 100 100 re f\n" + b"Q\n" * n
    return one_page_pdf(content)


# --------------------------------------------------------------------------
# 9: form XObject fan-out, 10 draws per level, 9 levels (10^9 leaf draws)
# --------------------------------------------------------------------------

def xobject_fanout(levels=9, fan=10):
    # Objects 5 .. 5+levels: 5 = leaf, 5+k = level k drawing 5+k-1 `fan` times.
    extra = [stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
                    b"0 0 1 1 re f")]
    for k in range(1, levels + 1):
        child = 5 + k - 1
        body = b" ".join([b"/X Do"] * fan)
        extra.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                            b"/Resources << /XObject << /X %d 0 R >> >>" % child, body))
    top = 5 + levels
    return one_page_pdf(b"/X Do\n",
                        resources=b"<< /XObject << /X %d 0 R >> >>" % top,
                        extra=extra)


# --------------------------------------------------------------------------
# 10: extras
# --------------------------------------------------------------------------

def tiling_tiny_step():
    # A coloured tiling pattern whose cell is 1/1000 pt, filling the whole page:
    # ~595000 x 842000 = 5e11 cells.
    pat = stream(b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 "
                 b"/BBox [0 0 0.001 0.001] /XStep 0.001 /YStep 0.001 /Resources << >>",
                 b"0 0 0.0005 0.0005 re f")
    return one_page_pdf(b"/Pattern cs /P0 scn 0 0 595 842 re f\n",
                        resources=b"<< /Pattern << /P0 5 0 R >> >>",
                        extra=[pat])


def flate_image_bomb(draws=20):
    # 30000 x 30000 DeviceRGB 8-bit image = 2.7 GB of samples, double-Flated,
    # drawn `draws` times (poppler re-inflates it for every Do).
    w = h = 30000
    once = deflate_stream_of(bytes(w * 3), h)
    twice = zlib.compress(once, 9)
    img = stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                 b"/ColorSpace /DeviceRGB /BitsPerComponent 8 "
                 b"/Filter [/FlateDecode /FlateDecode]" % (w, h), twice)
    return one_page_pdf(b"q 595 0 0 842 0 0 cm /Im0 Do Q\n" * draws,
                        resources=b"<< /XObject << /Im0 5 0 R >> >>",
                        extra=[img])


# --------------------------------------------------------------------------
# 11: cost without a single large image (issue 24)
# --------------------------------------------------------------------------

def content_inflate_shared(pages=20):
    # 20 pages sharing one content stream of 1 GiB of spaces, deflated twice (about
    # 5 KB on disk): a renderer interprets 20 GiB of content.
    once = deflate_stream_of(b" " * (1 << 20), 1024)
    twice = zlib.compress(once, 9)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    content = 3 + pages
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4
                    + b" /Resources << >> /Contents %d 0 R >>" % content)
    objs.append(stream(b"/Filter [/FlateDecode /FlateDecode]", twice))
    return build_pdf(objs)


def inline_image_gigapixel():
    # An inline image claiming 100000 x 100000 grey pixels, with one byte of data.
    return one_page_pdf(b"q 595 0 0 842 0 0 cm BI /W 100000 /H 100000 /BPC 8 /CS /G "
                        b"/F /AHx ID 00> EI Q\n", compress=False)


def xobject_twice_harmless():
    # Not hostile: a form XObject drawn twice on each of two pages (the control).
    form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << >>",
                  b"0 g 100 100 200 50 re f")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"]
    for _ in range(2):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4
                    + b" /Resources << /XObject << /F 6 0 R >> >> /Contents 5 0 R >>")
    objs.append(stream(b"", b"/F Do q 1 0 0 1 0 300 cm /F Do Q"))
    objs.append(form)
    return build_pdf(objs)


FIXTURES = {
    "mediabox-huge.pdf": mediabox_huge,
    "mediabox-max.pdf": mediabox_max,
    "mediabox-zero.pdf": mediabox_zero,
    "mediabox-negative.pdf": mediabox_negative,
    "jpx-gigapixel.pdf": jpx_gigapixel,
    "jpx-gigapixel-40k.pdf": jpx_gigapixel_40k,
    "jbig2-gigapixel.pdf": jbig2_gigapixel,
    "dct-gigapixel.pdf": dct_gigapixel,
    "dct-gigapixel-60k.pdf": dct_gigapixel_60k,
    "ps-function-deep.pdf": ps_function_deep,
    "mesh-shading.pdf": mesh_shading,
    "mesh-shading-render.pdf": mesh_shading_render,
    "nested-q.pdf": nested_q,
    "nested-q-4m.pdf": lambda: nested_q(4000000),
    "xobject-fanout.pdf": xobject_fanout,
    "tiling-tiny-step.pdf": tiling_tiny_step,
    "flate-image-bomb.pdf": flate_image_bomb,
    "content-inflate-shared.pdf": content_inflate_shared,
    "inline-image-gigapixel.pdf": inline_image_gigapixel,
    "xobject-twice-harmless.pdf": xobject_twice_harmless,
}


def main(argv):
    names = argv[1:] or list(FIXTURES)
    for name in names:
        data = FIXTURES[name]()
        path = os.path.join(HERE, name)
        with open(path, "wb") as f:
            f.write(data)
        print("%-24s %7d bytes" % (name, len(data)))


if __name__ == "__main__":
    main(sys.argv)

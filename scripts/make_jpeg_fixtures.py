#!/usr/bin/env python3
"""Writes the JPEG decoding fixtures: real photos re-encoded in every form the decoder must handle, each with the
pixels TensorFlow's own decoder gives (the reference tl4j's default JPEG decoder must equal bit for bit).

usage: /work/venv-tf/bin/python scripts/make_jpeg_fixtures.py [OUT_DIR=tl-core/src/test/resources/jpeg]
       (TensorFlow 2.21 and Pillow; run from the repository root)

Writes OUT_DIR/NAME.jpg and OUT_DIR/NAME.png for each fixture: the .png holds tf.io.decode_image(jpg, channels=3)
(what keras.utils.image_dataset_from_directory decodes with), losslessly. Sources (both photos, freely licensed,
shipped on the machine that made these fixtures; only crops / re-encodings are committed):
  - the Embedded Rust Book's photo assets/f3.jpg (MIT / Apache-2.0), a progressive JPEG from a real encoder;
  - requests' ext/flower-of-life.jpg (Apache-2.0), a baseline JPEG with EXIF and Photoshop segments, committed as is.
The Adobe RGB (1998) ICC profile embedded in one fixture is written here from its published primaries and gamma.

Four-component files: Pillow writes CMYK with an Adobe APP14 marker, transform 0, inverted (Adobe) samples ("cmyk").
"cmyk_no_adobe" holds the photo's under-colour-removed CMYK, not inverted, with the APP14 segment taken out (libjpeg
then reads plain CMYK, and TensorFlow's CMYK -> RGB takes the samples as not inverted). Pillow cannot write YCCK, so
"ycck" is assembled: that CMYK, inverted as Adobe stores it and turned into YCCK with libjpeg's own forward equations
(jccolor.c cmyk_ycck_convert), is handed to Pillow's CMYK encoder (its components are just 8-bit samples to the
encoder), and the APP14 transform byte is then set to 2, which makes libjpeg (and TensorFlow) convert YCCK -> CMYK -> RGB on decoding. Its luma
component is sampled 2x2 and the others 1x1 (Pillow's 4:2:0 for four components), so the chroma-and-K upsampling
of a four-component file is covered too.
"""
import io
import os
import struct
import sys

import numpy as np
import tensorflow as tf
from PIL import Image

PHOTO = "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/embedded-book/assets/f3.jpg"
FLOWER = "/usr/lib/google-cloud-sdk/platform/gsutil/third_party/requests/ext/flower-of-life.jpg"


def s15(x):
    return struct.pack(">i", int(round(x * 65536)))


def adobe_rgb_profile():
    """A minimal ICC v2 display profile with Adobe RGB (1998)'s D50-adapted primaries and gamma 563/256."""
    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    def curve(gamma):
        return b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", int(round(gamma * 256)))

    def desc(text):
        t = text.encode("ascii") + b"\0"
        return b"desc" + b"\0" * 4 + struct.pack(">I", len(t)) + t + b"\0" * 4 + b"\0" * 4 + b"\0" * 3 + b"\0" * 67

    tags = [(b"desc", desc("Adobe RGB (1998) compatible")), (b"cprt", b"text" + b"\0" * 4 + b"public domain\0"),
            (b"wtpt", xyz(0.96420, 1.0, 0.82491)), (b"rXYZ", xyz(0.60974, 0.31111, 0.01947)),
            (b"gXYZ", xyz(0.20528, 0.62567, 0.06087)), (b"bXYZ", xyz(0.14919, 0.06322, 0.74457)),
            (b"rTRC", curve(563 / 256)), (b"gTRC", curve(563 / 256)), (b"bTRC", curve(563 / 256))]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"none" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + b"\0" * 12
    header += b"acsp" + b"\0" * 24 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def segments(data):
    """(marker, start, end) of each marker segment before the first scan (start at the 0xFF, end past the data)."""
    p = 2
    while data[p + 1] != 0xDA:
        end = p + 2 + struct.unpack(">H", data[p + 2:p + 4])[0]
        yield data[p + 1], p, end
        p = end


def without_adobe_marker(data):
    [(start, end)] = [(s, e) for m, s, e in segments(data) if m == 0xEE]
    return data[:start] + data[end:]


def with_adobe_transform(data, transform):
    """The file with its Adobe APP14 segment's transform byte (the last of its 12 data bytes) set."""
    [(start, end)] = [(s, e) for m, s, e in segments(data) if m == 0xEE]
    assert data[start + 4:start + 9] == b"Adobe" and end - start == 16
    return data[:end - 1] + bytes([transform]) + data[end:]


def cmyk(rgb):
    """The photo as CMYK with full under-colour removal (K = 255 - max(R, G, B), CMY rescaled by 255 / (255 - K)), so
    that (255 - C)(255 - K)/255 gives R back to rounding, as TensorFlow's CMYK -> RGB computes it."""
    a = np.asarray(rgb, np.int64)
    k = 255 - a.max(axis=2, keepdims=True)
    cmy = np.where(k < 255, ((255 - a - k) * 255 + (255 - k) // 2) // np.maximum(255 - k, 1), 0)
    return np.concatenate([cmy, k], axis=2)


def as_stored(samples):
    """A CMYK image that Pillow's encoder stores as exactly these samples (it writes 255 - value: Adobe's inverted
    CMYK)."""
    return Image.fromarray((255 - samples).astype(np.uint8), "CMYK")


def ycck(rgb):
    """The photo as Adobe YCCK samples: Adobe's inverted CMYK through libjpeg's cmyk_ycck_convert (jccolor.c: R, G, B
    = 255 - stored C, M, Y; K kept), with its fixed-point rounding."""
    real = cmyk(rgb)
    r, g, b = real[..., 0], real[..., 1], real[..., 2]
    one_half, fix = 1 << 15, lambda x: int(x * 65536 + 0.5)
    y = (fix(0.29900) * r + fix(0.58700) * g + fix(0.11400) * b + one_half) >> 16
    cb = (-fix(0.16874) * r - fix(0.33126) * g + fix(0.5) * b + (128 << 16) + one_half - 1) >> 16
    cr = (fix(0.5) * r - fix(0.41869) * g - fix(0.08131) * b + (128 << 16) + one_half - 1) >> 16
    return np.stack([y, cb, cr, 255 - real[..., 3]], axis=2)


def encode(img, **options):
    buf = io.BytesIO()
    img.save(buf, "JPEG", **options)
    return buf.getvalue()


def fixtures():
    photo = Image.open(PHOTO).convert("RGB")
    w, h = photo.size
    crop = photo.crop((w // 2 - 150, h // 2 - 120, w // 2 + 150, h // 2 + 120)).resize((123, 97), Image.LANCZOS)
    small = photo.resize((101, 67), Image.LANCZOS)
    yield "baseline_420", encode(crop, quality=90, subsampling=2)
    yield "baseline_422", encode(crop, quality=85, subsampling=1)
    yield "baseline_444", encode(crop, quality=95, subsampling=0)
    yield "progressive_420", encode(crop, quality=90, subsampling=2, progressive=True)
    yield "progressive_444", encode(small, quality=75, subsampling=0, progressive=True)
    yield "optimized_q100", encode(small, quality=100, subsampling=2, optimize=True)
    yield "low_q10", encode(crop, quality=10, subsampling=2)
    yield "restarts_420", encode(crop, quality=90, subsampling=2, restart_marker_blocks=3)
    yield "progressive_restarts", encode(small, quality=80, progressive=True, restart_marker_rows=1)
    yield "grayscale", encode(crop.convert("L"), quality=90)
    yield "grayscale_progressive", encode(small.convert("L"), quality=70, progressive=True)
    yield "cmyk", encode(crop.convert("CMYK"), quality=90)
    yield "cmyk_no_adobe", without_adobe_marker(encode(as_stored(cmyk(crop)), quality=90))
    yield "ycck", with_adobe_transform(encode(as_stored(ycck(crop)), quality=90, subsampling=2), 2)
    yield "adobe_rgb_icc", encode(crop, quality=90, icc_profile=adobe_rgb_profile())
    exif = Image.Exif()
    exif[0x0112] = 6   # orientation: rotate 90 (ignored by TensorFlow and Keras)
    yield "exif_rotated", encode(small, quality=85, exif=exif.tobytes())
    yield "tiny_5x3", encode(crop.resize((5, 3), Image.LANCZOS), quality=90, subsampling=2)
    yield "narrow_2x17", encode(crop.resize((2, 17), Image.LANCZOS), quality=90, subsampling=2)
    yield "photo_progressive", encode(photo.resize((240, 159), Image.LANCZOS), quality=88, progressive=True)
    with open(FLOWER, "rb") as f:
        yield "flower_exif", f.read()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tl-core/src/test/resources/jpeg"
    os.makedirs(out, exist_ok=True)
    for name, data in fixtures():
        with open(os.path.join(out, name + ".jpg"), "wb") as f:
            f.write(data)
        pixels = tf.io.decode_image(data, channels=3).numpy()
        Image.fromarray(pixels, "RGB").save(os.path.join(out, name + ".png"))
        print(name, pixels.shape, len(data), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the seed-workflow benchmark data: deterministic synthetic JPEGs of about 500x375 pixels in one folder per
class (class_0 ... class_4), photo-like in size and decoding cost (smooth gradients, blurred shapes, mild grain,
quality 85, about 40 KB each). The same arguments give the same pixels for the same Pillow/libjpeg.

usage: make_seed_images.py OUT_DIR [IMAGES=1000] [CLASSES=5]
"""
import os
import random
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def image(rng, label, classes):
    w = rng.choice([500, 500, 500, 480, 512])
    h = rng.choice([375, 375, 375, 360, 384])
    hue = label / classes
    top = np.array([255 * hue, 120 + 100 * (1 - hue), 80 + rng.random() * 120])
    bottom = np.array([rng.random() * 255, 255 * (1 - hue), 200 * hue])
    t = np.linspace(0.0, 1.0, h)[:, None, None]
    pixels = np.broadcast_to(top * (1 - t) + bottom * t, (h, w, 3)).astype(np.uint8)
    img = Image.fromarray(np.ascontiguousarray(pixels), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(4, 9)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randint(30, w // 2), y0 + rng.randint(30, h // 2)
        colour = (int(255 * hue + rng.randint(-40, 40)) % 256, rng.randrange(256), rng.randrange(256))
        shape = (label + rng.randrange(2)) % 3
        if shape == 0:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == 1:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.polygon([(x0, y0), (x1, y0 + rng.randint(0, 60)), (x0 + rng.randint(0, 60), y1)], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    grain = np.random.default_rng(rng.randrange(1 << 32)).normal(0.0, 6.0, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + grain, 0, 255).astype(np.uint8), "RGB")


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    classes = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rng = random.Random(42)
    for i in range(n):
        label = i % classes
        folder = os.path.join(out, "class_%d" % label)
        os.makedirs(folder, exist_ok=True)
        image(rng, label, classes).save(os.path.join(folder, "img_%04d.jpg" % i), quality=85)


if __name__ == "__main__":
    main()

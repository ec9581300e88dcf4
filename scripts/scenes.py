"""Renders Fashion-MNIST items into 64x64 colour scenes: the item at a random scale, position and rotation, in a
random colour, on a random textured and cluttered background. Shared by scripts/make-scenes-dataset.py (the
dataset) and scripts/make-scenes-backbone.py (its backbone's pretraining set); not run on its own.

Data: Debian package `dataset-fashion-mnist` (MIT licence, Zalando Research): apt-get install dataset-fashion-mnist,
which puts the IDX files in /usr/share/datasets/fashion-mnist. Needs numpy and Pillow (/work/venv-tf has both).
Every random choice comes from the numpy Generator passed in, so a fixed seed gives the same pixels for the same
numpy and Pillow versions (Pillow's bicubic resampling and rotation are the only floating-point steps outside numpy).
"""
import gzip
import os

import numpy as np
from PIL import Image

LABELS = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
# The dataset's four classes, which its backbone never sees; the backbone is pretrained on the other six.
TARGET = [0, 1, 5, 8]
PRETRAIN = [2, 3, 4, 6, 7, 9]
SIZE = 64
DEFAULT_SRC = "/usr/share/datasets/fashion-mnist"
_Y, _X = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)


def load(src, split):
    """The images (n, 28, 28) uint8 and labels (n,) of Fashion-MNIST's 'train' or 't10k' split."""
    with gzip.open(os.path.join(src, split + "-images-idx3-ubyte.gz"), "rb") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(src, split + "-labels-idx1-ubyte.gz"), "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


def pick(labels, classes, per_class):
    """The indices of the first per_class images of each class, class by class."""
    return [i for c in classes for i in np.flatnonzero(labels == c)[:per_class]]


def _colour(rng):
    return rng.uniform(0, 255, 3)


def background(rng):
    """A 64x64x3 float background: smooth colour noise, stripes at a random angle, and a few random shapes."""
    low = rng.uniform(0, 255, (4, 4, 3)).astype(np.uint8)
    bg = np.asarray(Image.fromarray(low).resize((SIZE, SIZE), Image.BICUBIC), np.float32)
    y, x = _Y, _X
    angle = rng.uniform(0, np.pi)
    period = rng.uniform(4, 16)
    wave = 0.5 + 0.5 * np.sin((x * np.cos(angle) + y * np.sin(angle)) * 2 * np.pi / period)
    stripes = _colour(rng)
    strength = rng.uniform(0.2, 0.6)
    bg = bg * (1 - strength * wave[..., None]) + stripes * strength * wave[..., None]
    for _ in range(rng.integers(2, 6)):
        cx, cy, rx, ry = rng.uniform(0, SIZE, 2).tolist() + rng.uniform(3, 14, 2).tolist()
        if rng.random() < 0.5:
            inside = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
        else:
            inside = (np.abs(x - cx) <= rx) & (np.abs(y - cy) <= ry)
        bg[inside] = _colour(rng)
    noise = rng.normal(0, 12, (SIZE, SIZE, 3))
    return bg + noise


def scene(item, rng):
    """The 28x28 uint8 item on a random background at a random scale, rotation, position and colour: 64x64x3 uint8."""
    side = int(round(28 * rng.uniform(1.1, 2.0)))
    big = Image.fromarray(item).resize((side, side), Image.BICUBIC)
    big = big.rotate(rng.uniform(-40, 40), resample=Image.BICUBIC, expand=True)
    mask = np.asarray(big, np.float32) / 255.0
    h, w = mask.shape
    # the item's centre stays inside the middle of the frame; its edges may leave it
    cx = int(rng.integers(SIZE // 4, SIZE - SIZE // 4 + 1))
    cy = int(rng.integers(SIZE // 4, SIZE - SIZE // 4 + 1))
    canvas = np.zeros((SIZE, SIZE), np.float32)
    x0, y0 = cx - w // 2, cy - h // 2
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    dx1, dy1 = min(SIZE, x0 + w), min(SIZE, y0 + h)
    canvas[dy0:dy1, dx0:dx1] = mask[sy0:sy0 + dy1 - dy0, sx0:sx0 + dx1 - dx0]
    alpha = np.clip(canvas * 2.5, 0, 1)[..., None]
    colour = _colour(rng)
    shaded = colour * (0.45 + 0.55 * canvas[..., None])
    out = background(rng) * (1 - alpha) + shaded * alpha
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def scenes(images, indices, seed):
    """One scene per index, in order, from a Generator seeded with seed: (n, 64, 64, 3) uint8."""
    rng = np.random.default_rng(seed)
    return np.stack([scene(images[i], rng) for i in indices])

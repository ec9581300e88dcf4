#!/usr/bin/python3
"""Writes Fashion-MNIST images as PNG files in class folders (Keras image_dataset_from_directory layout).

Data: Debian package `dataset-fashion-mnist` (MIT licence, Zalando Research), installed with
    apt-get install dataset-fashion-mnist
which puts the IDX files in /usr/share/datasets/fashion-mnist. Only the Python standard library is used.

Examples (both used by scripts/make-quickstart.sh):
    # the quickstart's bundled dataset: 2 held-out classes, 150 train + 100 validation images each
    fashion_mnist_to_png.py --classes 0,6 --train-per-class 150 --val-per-class 100 --out data/fashion2
    # the pretraining set for the bundled backbone: the other 8 classes, all 6000 train images each
    fashion_mnist_to_png.py --classes 1,2,3,4,5,7,8,9 --train-per-class 6000 --val-per-class 500 --out /tmp/f8
"""
import argparse
import gzip
import os
import struct
import zlib

LABELS = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def png_gray(width, height, pixels):
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def export(images, labels, classes, per_class, out_dir, prefix):
    (n, h, w), pix = images
    _, lab = labels
    counts = {c: 0 for c in classes}
    for i in range(n):
        c = lab[i]
        if c not in counts or counts[c] >= per_class:
            continue
        folder = os.path.join(out_dir, LABELS[c])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "%s-%05d.png" % (prefix, i)), "wb") as f:
            f.write(png_gray(w, h, pix[i * h * w:(i + 1) * h * w]))
        counts[c] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--classes", required=True, help="comma-separated class indices 0-9")
    ap.add_argument("--train-per-class", type=int, required=True)
    ap.add_argument("--val-per-class", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    classes = [int(c) for c in a.classes.split(",")]
    train = export(read_idx(os.path.join(a.src, "train-images-idx3-ubyte.gz")),
                   read_idx(os.path.join(a.src, "train-labels-idx1-ubyte.gz")),
                   classes, a.train_per_class, os.path.join(a.out, "train"), "train")
    val = export(read_idx(os.path.join(a.src, "t10k-images-idx3-ubyte.gz")),
                 read_idx(os.path.join(a.src, "t10k-labels-idx1-ubyte.gz")),
                 classes, a.val_per_class, os.path.join(a.out, "validation"), "test")
    print("train:", {LABELS[c]: k for c, k in train.items()}, "validation:", {LABELS[c]: k for c, k in val.items()})


if __name__ == "__main__":
    main()

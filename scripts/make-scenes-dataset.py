"""Makes the quickstart's dataset (data/quickstart/train, data/quickstart/validation), where the pixels fail and a
pretrained base does not: four Fashion-MNIST classes (t-shirt, trouser, sandal, bag), rendered into
64x64 colour scenes by scripts/scenes.py (random scale, position, rotation and colour on textured,
cluttered backgrounds); its backbone is pretrained on the six other classes by scripts/make-scenes-backbone.py.
The pixel baseline (logistic regression on 4x4 to 32x32 grids) stays near chance, 22-26 %.

Run, from the repository root (under a minute):

    python3 scripts/make-scenes-dataset.py            # writes data/quickstart/{train,validation}; --out DIR elsewhere

Needs numpy, Pillow and Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist). Writes JPEG files
(quality 90, about 1.3 MB in all) in class folders: TRAIN_PER_CLASS training images each from Fashion-MNIST's training set and
VAL_PER_CLASS validation images each from its test set, replacing what the two folders held. The scenes are the same
bit for bit on every run (fixed seeds); the JPEG bytes also depend on Pillow's libjpeg. Checked: a second run with
numpy 2.4.6 and Pillow 12.3.0 wrote files identical to the committed ones (diff -r).
"""
import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenes as q  # noqa: E402

from PIL import Image  # noqa: E402


def write(src, split, seed, per_class, out):
    images, labels = q.load(src, split)
    idx = q.pick(labels, q.TARGET, per_class)
    for i, pixels in zip(idx, q.scenes(images, idx, seed)):
        folder = os.path.join(out, q.LABELS[labels[i]])
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(pixels).save(os.path.join(folder, "%s-%05d.jpg" % (split, i)), quality=90)
    return len(idx)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=q.DEFAULT_SRC)
    ap.add_argument("--train-per-class", type=int, default=60)
    ap.add_argument("--val-per-class", type=int, default=50)
    ap.add_argument("--out", default="data/quickstart")
    a = ap.parse_args()
    for split in ("train", "validation"):
        shutil.rmtree(os.path.join(a.out, split), ignore_errors=True)
    n_train = write(a.src, "train", 2001, a.train_per_class, os.path.join(a.out, "train"))
    n_val = write(a.src, "t10k", 2002, a.val_per_class, os.path.join(a.out, "validation"))
    print("wrote %d training and %d validation images of %s into %s"
          % (n_train, n_val, ", ".join(q.LABELS[c] for c in q.TARGET), a.out))


if __name__ == "__main__":
    main()

"""Makes a harder transfer-learning dataset than the quickstart's (the candidate for the next quickstart, where pixels
break and a pretrained base should not): four Fashion-MNIST classes (t-shirt, trouser, sandal, bag), rendered into
64x64 colour scenes by scripts/scenes.py (random scale, position, rotation and colour on textured,
cluttered backgrounds); its backbone is pretrained on the six other classes by scripts/make-scenes-backbone.py.
Measured so far: the pixel baseline (logistic regression on 4x4 to 32x32 grids) stays at chance, 22-26 %.

Run, from the repository root (about a minute on a quiet machine):

    python3 scripts/make-scenes-dataset.py            # or /work/venv-tf/bin/python; writes build/scenes

Needs numpy, Pillow and Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist). Writes JPEG files
(quality 90, about 1.3 MB in all) in class folders: TRAIN_PER_CLASS training images each from Fashion-MNIST's training set and
VAL_PER_CLASS validation images each from its test set, replacing what the two folders held. The scenes are the same
bit for bit on every run (fixed seeds); the JPEG bytes also depend on Pillow's libjpeg.
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
    ap.add_argument("--out", default="build/scenes")
    a = ap.parse_args()
    for split in ("train", "validation"):
        shutil.rmtree(os.path.join(a.out, split), ignore_errors=True)
    n_train = write(a.src, "train", 2001, a.train_per_class, os.path.join(a.out, "train"))
    n_val = write(a.src, "t10k", 2002, a.val_per_class, os.path.join(a.out, "validation"))
    print("wrote %d training and %d validation images of %s into %s"
          % (n_train, n_val, ", ".join(q.LABELS[c] for c in q.TARGET), a.out))


if __name__ == "__main__":
    main()

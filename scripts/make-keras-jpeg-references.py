#!/work/venv-tf/bin/python
"""Writes the references of tl-e2e's KerasJpegE2ETests: Keras's features of real JPEG photos, read by Keras's own
input pipeline, so that tl4j is compared with Keras from the file up (decoding and resizing included).

Run from the repository root with TensorFlow 2.21 and Keras 3.15 (after make_jpeg_fixtures.py and
make-keras-weight-fixtures.py, whose outputs it reads):

    nice -n 10 /work/venv-tf/bin/python scripts/make-keras-jpeg-references.py

For each backbone (mobilenet_v2 α 0.35, resnet50, vgg16) it builds keras.applications.BACKBONE(include_top=False,
weights=None) for a 48x64 input, loads the Keras-written weights KerasWeightsE2ETests already uses
(tl-e2e/src/test/resources/keras-weights/BACKBONE/BACKBONE.weights.h5.gz: any input size takes them), reads the JPEGs
listed in JPEGS from tl-core/src/test/resources/jpeg with

    keras.utils.image_dataset_from_directory(folder, labels=None, image_size=(48, 64), shuffle=False)

(Keras's defaults otherwise: color_mode "rgb", interpolation "bilinear", crop_to_aspect_ratio False, so
tf.image.decode_image(channels=3) then tf.image.resize(bilinear); the tl4j settings that match are the defaults,
data.jpeg-decoder = tensorflow, data.icc = ignore, data.crop = none, with backbone.input-size = [48, 64]), and writes
into tl-e2e/src/test/resources/keras-jpeg/:

  BACKBONE.npy   model(keras.applications.BACKBONE.preprocess_input(batch)): [n, h, w, c] float32, not pooled (what
                 tl extract --no-pool writes), one row per image in the order of files.txt
  files.txt      the images' file names, in the order Keras read them (sorted, as tl extract lists them)
  README.md      provenance: versions, the settings above, and each backbone's max|ref|

Nothing else is written: the test copies the JPEGs from tl-core's fixtures and unpacks the weights from keras-weights.
"""
import gzip
import os
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# as in make-keras-weight-fixtures.py: TensorFlow's own Eigen kernels, not oneDNN's
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JPEG_FIXTURES = os.path.join(ROOT, "tl-core", "src", "test", "resources", "jpeg")
WEIGHTS = os.path.join(ROOT, "tl-e2e", "src", "test", "resources", "keras-weights")
OUT = os.path.join(ROOT, "tl-e2e", "src", "test", "resources", "keras-jpeg")
SIZE = (48, 64)
ALPHA = 0.35
# every form acceptance 1 of G8 names: baseline, progressive, 4:2:0 / 4:2:2 / 4:4:4, grayscale, CMYK (Adobe, plain
# and YCCK), an Adobe RGB ICC profile; plus restart markers and a low quality
JPEGS = ["adobe_rgb_icc", "baseline_420", "baseline_422", "baseline_444", "cmyk", "cmyk_no_adobe", "grayscale",
         "low_q10", "progressive_420", "progressive_444", "restarts_420", "ycck"]


def backbones():
    shape = SIZE + (3,)
    return [
        ("mobilenet_v2", lambda: keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=shape,
                                                                alpha=ALPHA),
         keras.applications.mobilenet_v2.preprocess_input),
        ("resnet50", lambda: keras.applications.ResNet50(include_top=False, weights=None, input_shape=shape),
         keras.applications.resnet50.preprocess_input),
        ("vgg16", lambda: keras.applications.VGG16(include_top=False, weights=None, input_shape=shape),
         keras.applications.vgg16.preprocess_input),
    ]


def keras_images(folder):
    """The images as image_dataset_from_directory gives them (float32 [n, 48, 64, 3]), and their file names."""
    dataset = keras.utils.image_dataset_from_directory(folder, labels=None, image_size=SIZE, shuffle=False,
                                                       batch_size=len(JPEGS), interpolation="bilinear",
                                                       crop_to_aspect_ratio=False, verbose=False)
    images = np.concatenate([batch.numpy() for batch in dataset])
    return images, [os.path.basename(p) for p in dataset.file_paths]


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "images")
        os.makedirs(folder)
        for name in JPEGS:
            shutil.copy(os.path.join(JPEG_FIXTURES, name + ".jpg"), folder)
        images, files = keras_images(folder)
        assert files == sorted(n + ".jpg" for n in JPEGS), files
        for backbone, build, preprocess in backbones():
            weights = os.path.join(tmp, backbone + ".weights.h5")
            with gzip.open(os.path.join(WEIGHTS, backbone, backbone + ".weights.h5.gz"), "rb") as f_in, \
                    open(weights, "wb") as f_out:
                shutil.copyfileobj(f_in, f_out)
            model = build()
            model.load_weights(weights)
            # preprocess_input may work in place: give it a copy
            reference = model(preprocess(images.copy()), training=False).numpy().astype("<f4")
            np.save(os.path.join(OUT, backbone + ".npy"), reference)
            line = (f"{backbone}: features {list(reference.shape)}, max|ref| {np.abs(reference).max():.4f}, "
                    f"mean|ref| {np.abs(reference).mean():.4f}")
            lines.append(line)
            print(line, file=sys.stderr)
    with open(os.path.join(OUT, "files.txt"), "w") as f:
        f.write("\n".join(files) + "\n")
    write_readme(lines)


def write_readme(lines):
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(f"""# Keras's features of real JPEG photos (fixtures of `KerasJpegE2ETests`)

Written by [`scripts/make-keras-jpeg-references.py`](../../../../../scripts/make-keras-jpeg-references.py) with
TensorFlow {tf.__version__} and Keras {keras.__version__}, from the repository root:

    nice -n 10 /work/venv-tf/bin/python scripts/make-keras-jpeg-references.py

(seconds; rerun it whenever the JPEG fixtures or the Keras weight fixtures are written again). Keras's whole
input pipeline on the JPEG fixtures of tl-core (`tl-core/src/test/resources/jpeg`, written by
`scripts/make_jpeg_fixtures.py`; the names are in `files.txt`):
`keras.utils.image_dataset_from_directory(folder, labels=None, image_size=(48, 64), shuffle=False)`, Keras's defaults
otherwise (`color_mode="rgb"`, `interpolation="bilinear"`, `crop_to_aspect_ratio=False`: `tf.image.decode_image(channels=3)`
then `tf.image.resize`), then `keras.applications.BACKBONE.preprocess_input` and the base model
(`include_top=False`, 48×64 input) with the weights of `../keras-weights/BACKBONE/BACKBONE.weights.h5.gz`
(MobileNetV2 at α 0.35). tl4j's settings that match: the defaults (`data.jpeg-decoder = tensorflow`,
`data.icc = ignore`, `data.crop = none`) with `backbone.input-size = [48, 64]`.

| file | contents |
|---|---|
| `BACKBONE.npy` | the features, not pooled (what `tl extract --no-pool` writes): `[images, h, w, c]` float32, rows in the order of `files.txt` |
| `files.txt` | the JPEGs' names, in the order Keras read them (sorted) |

""" + "\n".join("    " + line for line in lines) + "\n")


if __name__ == "__main__":
    main()

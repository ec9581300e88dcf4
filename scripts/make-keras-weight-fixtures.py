#!/work/venv-tf/bin/python
"""Writes the Keras weight-file fixtures of tl-e2e's KerasWeightsE2ETests: real Keras files and Keras's own features.

Run from the repository root with TensorFlow 2.21 and Keras 3.15 (plus h5py, pillow, safetensors and onnxruntime):

    nice -n 10 /work/venv-tf/bin/python scripts/make-keras-weight-fixtures.py [keras] [onnx]

(both parts when no argument is given; `onnx` needs the images `keras` writes).

It writes tl-e2e/src/test/resources/keras-weights/ (about 3 MB; see the README there):

  images/a.png, b.png, c.png        three 48x48 RGB test images (synthetic: gradients, shapes and noise)
  BACKBONE/BACKBONE.weights.h5.gz   Keras 3's format, written by model.save_weights("….weights.h5")
  BACKBONE/BACKBONE_root.h5.gz      legacy HDF5, weights at the root, written by Keras's legacy writer
                                    save_weights_to_hdf5_group (what Keras 2's save_weights("….h5") ran, and how the
                                    published no-top ImageNet files are laid out)
  BACKBONE/BACKBONE_model.h5.gz     legacy full-model HDF5, weights under /model_weights, written by
                                    model.save("….h5") (Keras 3 writes the legacy format for .h5)
  BACKBONE/BACKBONE.safetensors.gz  the same weights under tl4j's names ("layer/slot": Keras's variable paths, with
                                    Keras 2's "depthwise_kernel" for a DepthwiseConv2D's "kernel"), written by the
                                    safetensors package
  BACKBONE/reference.npy            Keras's own output for the three images, [3, h, w, c] float32, preprocessed by
                                    keras.applications.BACKBONE.preprocess_input (what tl extract --no-pool writes)
  onnx/reference.npy                the output of tl-backend-djl's ONNX fixture (a torchvision MobileNetV2 α 0.35 that
                                    PyTorch exported, tl-backend-djl/src/test/resources/onnx/mobilenet_v2_035.onnx)
                                    for the three images with torch preprocessing, [3, 2, 2, 1280] NHWC, computed by
                                    ONNX Runtime's Python package after checking that it gives PyTorch's own output
                                    (expected_nhwc.bin beside the file) for PyTorch's input
  fixtures.properties               input size, alpha, and the file name Keras gives each backbone's ImageNet no-top
                                    file (read from Keras's own source), for the tests

for BACKBONE in mobilenet_v2 (alpha 0.35), resnet50 and vgg16, all built by keras.applications with
include_top=False, weights=None and a 48x48 input. Each file is gzip'd as Keras wrote it (the tests unpack it to a
temporary folder, byte for byte what Keras wrote): ResNet50 and VGG16 have 23.6 and 14.7 million parameters whatever
the input size, so the weights are made sparse (a few non-zero taps per filter) to compress.

The weights are random but well-conditioned, so that every layer's activations are of order 1 and depend on the
input (Keras's own initialisation makes a deep network's features collapse towards zero, and a 1e-4 tolerance
relative to max|ref| would then compare noise): kernels have a few non-zero taps per output filter, of mixed sign and
size; BatchNorm has random gamma and beta and moving statistics measured, layer by layer, on a calibration batch;
VGG16's convolutions (no BatchNorm) are rescaled to unit RMS output. Every value keeps 3 mantissa bits, again so that
the files compress; the arithmetic stays float32.

The script checks that Keras reads each file back to the same features before writing anything.
"""
import gzip
import os
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# TensorFlow 2.21's oneDNN kernels stop the process with SIGFPE on one of ResNet50's sub-models below (the 1x1 stride-2
# shortcut convolution conv4_block1_0_conv, batch 16, on an AVX-512 CPU); its own Eigen kernels do not
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src.applications import mobilenet_v2 as keras_mobilenet_v2  # noqa: E402
from keras.src.applications import resnet as keras_resnet  # noqa: E402
from keras.src.applications import vgg16 as keras_vgg16  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402
from PIL import Image  # noqa: E402
from safetensors.numpy import save_file as save_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tl-e2e", "src", "test", "resources", "keras-weights")
SIZE = 48
ALPHA = 0.35
SEED = 20261202
TAPS = 3            # non-zero taps per output filter of a Conv2D kernel
MANTISSA_BITS = 3   # bits of mantissa every stored value keeps
IMAGES = ["a.png", "b.png", "c.png"]
CALIBRATION_EXTRA = 13


def quantize(a):
    """Keeps MANTISSA_BITS bits of each float32's mantissa (truncation), so that the arrays compress."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    mask = np.uint32((0xFFFFFFFF << (23 - MANTISSA_BITS)) & 0xFFFFFFFF)
    return (a.view(np.uint32) & mask).view(np.float32)


def synthetic_image(rng):
    """A 48x48 RGB image with smooth gradients, a few shapes and some noise: varied input, compressible PNG."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / SIZE
    img = np.zeros((SIZE, SIZE, 3), np.float32)
    for c in range(3):
        fx, fy, phase = rng.uniform(0.5, 3.0), rng.uniform(0.5, 3.0), rng.uniform(0, 2 * np.pi)
        img[..., c] = 128 + 90 * np.sin(2 * np.pi * (fx * xx + fy * yy) + phase)
    for _ in range(3):
        cx, cy, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.1, 0.3)
        mask = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        img[mask] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 8, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def backbones():
    """(id, builder, preprocess_input, Keras's ImageNet no-top file name) of each backbone."""
    # the names Keras's applications give the files (mobilenet_v2.py: rows 224 when the input size is not one of the
    # published ones; resnet.py: model_name + "_weights_tf_dim_ordering_tf_kernels_notop.h5"; vgg16.py: the URL's name)
    mobilenet_file = ("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + str(float(ALPHA)) + "_" + str(224)
                      + "_no_top.h5")
    assert keras_mobilenet_v2.BASE_WEIGHT_PATH.endswith("/mobilenet_v2/")
    resnet_file = "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert "resnet50" in keras_resnet.WEIGHTS_HASHES
    vgg_file = keras_vgg16.WEIGHTS_PATH_NO_TOP.rsplit("/", 1)[1]
    shape = (SIZE, SIZE, 3)
    return [
        ("mobilenet_v2", lambda: keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=shape,
                                                                alpha=ALPHA),
         keras.applications.mobilenet_v2.preprocess_input, mobilenet_file),
        ("resnet50", lambda: keras.applications.ResNet50(include_top=False, weights=None, input_shape=shape),
         keras.applications.resnet50.preprocess_input, resnet_file),
        ("vgg16", lambda: keras.applications.VGG16(include_top=False, weights=None, input_shape=shape),
         keras.applications.vgg16.preprocess_input, vgg_file),
    ]


def sparse_kernel(rng, shape):
    """A Conv2D kernel [kh, kw, cin, cout] with TAPS non-zero taps per output filter, of unit gain."""
    kh, kw, cin, cout = shape
    fan_in = kh * kw * cin
    taps = min(TAPS, fan_in)
    k = np.zeros((fan_in, cout), np.float32)
    rows = np.argsort(rng.random((fan_in, cout)), axis=0)[:taps]
    values = rng.choice([-1.0, -0.5, 0.5, 1.0], size=(taps, cout)) / np.sqrt(taps * 0.625)
    np.put_along_axis(k, rows, values.astype(np.float32), axis=0)
    return quantize(k.reshape(shape))


def randomise(model, rng, calibration):
    """Sets well-conditioned random weights, layer by layer in model.layers order (see the module's docstring)."""
    # a network without BatchNorm (VGG16) gets each convolution rescaled to unit RMS output instead (ReLU commutes
    # with a positive scale)
    rescale = not any(type(layer).__name__ == "BatchNormalization" for layer in model.layers)
    for layer in model.layers:
        name = type(layer).__name__
        if name == "Conv2D":
            kernel = sparse_kernel(rng, tuple(layer.kernel.shape))
            values = [kernel]
            if layer.use_bias:
                values.append(quantize(rng.normal(0, 0.1, layer.bias.shape)))
            layer.set_weights(values)
            if rescale:
                rms = float(np.sqrt(np.mean(np.square(output_of(model, layer, calibration)))))
                scale = float(quantize(np.array([1.0 / max(rms, 1e-3)]))[0])
                layer.set_weights([quantize(v * scale) for v in values])
        elif name == "DepthwiseConv2D":
            shapes = [w.shape for w in layer.get_weights()]
            layer.set_weights([quantize(rng.normal(0, 1.0 / 3.0, shapes[0]))]
                              + [quantize(rng.normal(0, 0.1, s)) for s in shapes[1:]])
        elif name == "BatchNormalization":
            x = input_of(model, layer, calibration)
            mean = x.mean(axis=(0, 1, 2))
            var = np.maximum(x.var(axis=(0, 1, 2)), 1e-2)
            c = mean.shape[0]
            gamma = rng.choice([0.5, 0.75, 1.0, 1.25, 1.5], c)
            beta = rng.choice([-0.5, -0.25, 0.0, 0.25, 0.5], c)
            layer.set_weights([quantize(gamma), quantize(beta), quantize(mean), quantize(var)])
        elif layer.weights:
            raise SystemExit(f"unexpected layer with weights: {layer.name} ({name})")


def input_of(model, layer, x):
    return keras.Model(model.inputs[0], layer.input)(x, training=False).numpy()


def output_of(model, layer, x):
    return keras.Model(model.inputs[0], layer.output)(x, training=False).numpy()


def features(model, preprocess, images):
    return model(preprocess(images.astype(np.float32)), training=False).numpy().astype("<f4")


def tl4j_names(model):
    """tl4j's name of each variable: "layer/slot" with Keras 2's slot names, which are Keras 3's variable paths but
    for DepthwiseConv2D, whose "kernel" Keras 2 (and tl4j) call "depthwise_kernel"."""
    names = {}
    for layer in model.layers:
        for v in layer.weights:
            slot = v.path.rsplit("/", 1)[1]
            if type(layer).__name__ == "DepthwiseConv2D" and slot == "kernel":
                slot = "depthwise_kernel"
            names[v.path] = layer.name + "/" + slot
    return names


def write_files(model, backbone, folder):
    """Writes the weights with Keras's writers (and the safetensors package); returns the paths."""
    paths = {
        "weights.h5": os.path.join(folder, backbone + ".weights.h5"),
        "root.h5": os.path.join(folder, backbone + "_root.h5"),
        "model.h5": os.path.join(folder, backbone + "_model.h5"),
        "safetensors": os.path.join(folder, backbone + ".safetensors"),
    }
    model.save_weights(paths["weights.h5"])
    with h5py.File(paths["root.h5"], "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    model.save(paths["model.h5"])
    names = tl4j_names(model)
    save_safetensors({names[v.path]: np.asarray(v.numpy(), "<f4") for v in model.weights}, paths["safetensors"])
    return paths


def check_read_back(build, preprocess, paths, images, expected):
    """Keras (and the safetensors package) read each file back to the same features."""
    for kind, path in paths.items():
        if kind == "model.h5":
            model = keras.models.load_model(path, compile=False)
        else:
            model = build()
            if kind == "safetensors":
                from safetensors.numpy import load_file
                tensors = load_file(path)
                names = tl4j_names(model)
                for v in model.weights:
                    v.assign(tensors[names[v.path]])
            else:
                model.load_weights(path)
        got = features(model, preprocess, images)
        if not np.array_equal(got, expected):
            raise SystemExit(f"{path}: Keras reads it back to other features (max diff "
                             f"{np.abs(got - expected).max()})")


def gzip_to(src, dst):
    with open(src, "rb") as f_in, open(dst, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f_out:
            shutil.copyfileobj(f_in, f_out)


def onnx_reference():
    """ONNX Runtime's output of the PyTorch-exported fixture for the images, checked against PyTorch's own output."""
    import onnxruntime
    folder = os.path.join(ROOT, "tl-backend-djl", "src", "test", "resources", "onnx")
    session = onnxruntime.InferenceSession(os.path.join(folder, "mobilenet_v2_035.onnx"),
                                           providers=["CPUExecutionProvider"])
    torch_in = np.fromfile(os.path.join(folder, "input_nhwc.bin"), "<f4").reshape(2, 64, 64, 3)
    torch_out = np.fromfile(os.path.join(folder, "expected_nhwc.bin"), "<f4").reshape(2, 2, 2, 1280)
    got = session.run(None, {"input": torch_in.transpose(0, 3, 1, 2).copy()})[0].transpose(0, 2, 3, 1)
    drift = np.abs(got - torch_out).max() / np.abs(torch_out).max()
    if drift > 1e-4:  # the tests' tolerance; measured 1.8e-5 (ONNX Runtime 1.30)
        raise SystemExit(f"ONNX Runtime differs from PyTorch on PyTorch's input: {drift} of max|y|")
    images = np.stack([np.asarray(Image.open(os.path.join(OUT, "images", n)).convert("RGB")) for n in IMAGES])
    mean = np.array([0.485, 0.456, 0.406], np.float32)
    std = np.array([0.229, 0.224, 0.225], np.float32)
    x = ((images.astype(np.float32) / np.float32(255) - mean) / std).astype(np.float32)  # torchvision's normalisation
    reference = session.run(None, {"input": x.transpose(0, 3, 1, 2).copy()})[0].transpose(0, 2, 3, 1)
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    np.save(os.path.join(OUT, "onnx", "reference.npy"), np.ascontiguousarray(reference, "<f4"))
    print(f"onnx: features {reference.shape}, max|ref| {np.abs(reference).max():.3f}, ONNX Runtime vs PyTorch "
          f"{drift:.2e} of max|y|", file=sys.stderr)


def keras_fixtures():
    rng = np.random.default_rng(SEED)
    keras.utils.set_random_seed(SEED)
    os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
    images = np.stack([synthetic_image(rng) for _ in IMAGES])
    for name, img in zip(IMAGES, images):
        Image.fromarray(img).save(os.path.join(OUT, "images", name), optimize=True)
    # what tl reads is what was written: decode the PNGs again
    images = np.stack([np.asarray(Image.open(os.path.join(OUT, "images", n)).convert("RGB")) for n in IMAGES])
    extra = np.stack([synthetic_image(rng) for _ in range(CALIBRATION_EXTRA)])
    calibration_pixels = np.concatenate([images, extra])

    properties = [f"# written by scripts/make-keras-weight-fixtures.py with Keras {keras.__version__}",
                  f"input-size={SIZE}", f"mobilenet_v2.alpha={ALPHA}"]
    for backbone, build, preprocess, imagenet_file in backbones():
        model = build()
        randomise(model, rng, preprocess(calibration_pixels.astype(np.float32)))
        reference = features(model, preprocess, images)
        folder = os.path.join(OUT, backbone)
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_files(model, backbone, tmp)
            check_read_back(build, preprocess, paths, images, reference)
            for path in paths.values():
                gzip_to(path, os.path.join(folder, os.path.basename(path) + ".gz"))
        np.save(os.path.join(folder, "reference.npy"), reference)
        properties.append(f"{backbone}.imagenet-file={imagenet_file}")
        spread = np.abs(reference[0] - reference[1]).max()
        sizes = ", ".join(f"{f}: {os.path.getsize(os.path.join(folder, f)) / 1e6:.2f} MB"
                          for f in sorted(os.listdir(folder)))
        print(f"{backbone}: features {reference.shape}, max|ref| {np.abs(reference).max():.3f}, "
              f"mean|ref| {np.abs(reference).mean():.3f}, max|ref[0]-ref[1]| {spread:.3f}; {sizes}",
              file=sys.stderr)
    with open(os.path.join(OUT, "fixtures.properties"), "w") as f:
        f.write("\n".join(properties) + "\n")


if __name__ == "__main__":
    parts = sys.argv[1:] or ["keras", "onnx"]
    if "keras" in parts:
        keras_fixtures()
    if "onnx" in parts:
        onnx_reference()

"""Pretrains the quickstart's bundled backbone (data/quickstart/mobilenet_v2_0.35_64_scenes6.weights.h5):
Keras's MobileNetV2 alpha 0.35 at 64x64 (include_top=False), trained from scratch on the six Fashion-MNIST classes
that the scenes dataset does not use (pullover, dress, coat, shirt, sneaker, ankle boot), rendered the same way
(scripts/scenes.py: random scale, position, rotation and colour on textured, cluttered backgrounds).

Run, from the repository root (12,000 images, 20 epochs: 31 minutes on 2 CPU cores shared with other work, load 10-20):

    python3 -m venv venv && venv/bin/pip install tensorflow-cpu==2.21.* keras==3.15.* pillow
    venv/bin/python scripts/make-scenes-backbone.py       # writes the bundled file; --out FILE for another place

The bundled file came from this script as it is (seed 7, 20 epochs): 41.7 % validation accuracy on the six
pretraining classes (chance 16.7 %; pullover, coat, shirt and dress are hard to tell apart even without the clutter),
which is enough for the four quite different target classes.

Needs TensorFlow 2.21 with Keras 3 (the venv above), numpy, Pillow, and Debian's dataset-fashion-mnist. Writes the
base's weights (the mobilenet_v2 layers only, without the 6-class head) as a Keras 3 .weights.h5 file, which tl4j
reads with backbone.weights = FILE, and prints the validation accuracy on the six classes. The pretraining images
come from Fashion-MNIST's training set (TRAIN_PER_CLASS each), the validation images from its test set (300 each).
The images are the same bit for bit on every run (fixed seeds); the training is seeded and uses TensorFlow's
deterministic ops, so it repeats on the same machine and thread count, but not bit for bit across CPUs or thread
counts (floating-point sums in another order).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenes as q  # noqa: E402

import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=q.DEFAULT_SRC)
    ap.add_argument("--train-per-class", type=int, default=2000)
    ap.add_argument("--val-per-class", type=int, default=300)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--out", default="data/quickstart/mobilenet_v2_0.35_64_scenes6.weights.h5")
    a = ap.parse_args()

    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(7)
    tf.config.experimental.enable_op_determinism()

    start = time.time()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    images, labels = q.load(a.src, "train")
    idx = q.pick(labels, q.PRETRAIN, a.train_per_class)
    x_train, y_train = q.scenes(images, idx, seed=1001), np.array([q.PRETRAIN.index(labels[i]) for i in idx])
    images, labels = q.load(a.src, "t10k")
    idx = q.pick(labels, q.PRETRAIN, a.val_per_class)
    x_val, y_val = q.scenes(images, idx, seed=1002), np.array([q.PRETRAIN.index(labels[i]) for i in idx])
    print("images: %d training, %d validation, %.0f s" % (len(x_train), len(x_val), time.time() - start), flush=True)

    base = keras.applications.MobileNetV2(input_shape=(q.SIZE, q.SIZE, 3), alpha=0.35, include_top=False,
                                          weights=None)
    # Keras's MobileNetV2 keeps its moving BatchNorm statistics with momentum 0.999, too slow for a short training
    # from scratch; the momentum is not part of the weights, so tl4j's graph reads the file all the same.
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = 0.99
    inputs = keras.Input((q.SIZE, q.SIZE, 3))
    x = keras.layers.Rescaling(1 / 127.5, offset=-1)(inputs)  # mobilenet_v2 preprocessing, as tl4j applies it
    x = keras.layers.RandomFlip("horizontal")(x)
    x = base(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(len(q.PRETRAIN), activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    steps = a.epochs * (len(x_train) // 64 + 1)
    lr = keras.optimizers.schedules.CosineDecay(0.003, steps)
    model.compile(keras.optimizers.Adam(lr), "sparse_categorical_crossentropy", metrics=["accuracy"])
    # the base's weights after every epoch, so that a stopped run leaves the last epoch's behind
    save = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: base.save_weights(a.out))
    model.fit(x_train.astype(np.float32), y_train, batch_size=64, epochs=a.epochs, shuffle=True,
              validation_data=(x_val.astype(np.float32), y_val), verbose=2, callbacks=[save])
    loss, acc = model.evaluate(x_val.astype(np.float32), y_val, verbose=0)
    print("validation accuracy on the six pretraining classes: %.4f (loss %.4f)" % (acc, loss))
    base.save_weights(a.out)
    print("wrote %s (%d bytes); %.0f s in all" % (a.out, os.path.getsize(a.out), time.time() - start))


if __name__ == "__main__":
    main()

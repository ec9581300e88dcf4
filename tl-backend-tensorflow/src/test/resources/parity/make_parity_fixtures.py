#!/usr/bin/env python3
"""Builds the parity fixtures of tl-backend-tensorflow with an independent engine (PyTorch, float64).

Each network is written here from the Keras spec (shared/reference/keras-backbones.md), not from tl4j's graph IR:
Keras layer names, HWIO kernels, TF "same" padding with the odd pixel bottom/right (F.pad), inference-mode
BatchNorm. Weights come from the deterministic generator that tl4j implements in
org.tl4j.api.weights.Initializers#parity, so Java and Python build bit-identical float32 weights by name.

Writes, next to this script: input_<h>x<w>.f32 (the input images, from the same generator), <case>.output.f32 per
case (raw little-endian float32, NHWC, batch first) and index.properties describing them. Run: /usr/bin/python3 make_parity_fixtures.py
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

SEED = 42
GOLDEN = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------------------------------
# The deterministic generator (must match org.tl4j.api.weights.Initializers)
# ---------------------------------------------------------------------------------------------------------------

def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def uniform(name, count, seed=SEED):
    """count float32 values in [-1, 1): splitmix64 of (key + (i+1)·golden), top 24 bits, k·2^-23 − 1."""
    key = (fnv1a64(name) ^ ((seed * GOLDEN) & MASK)) & MASK
    with np.errstate(over="ignore"):
        i = np.arange(1, count + 1, dtype=np.uint64)
        z = np.uint64(key) + i * np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    k = (z >> np.uint64(40)).astype(np.float32)
    return k * np.float32(2.0 ** -23) - np.float32(1.0)


HE_GAIN = math.sqrt(6.0)
KERNEL_GAIN = HE_GAIN  # set per case: Initializers.parity(graph, seed, gain)


def scaled(name, shape, fan_in):
    scale = np.float32(KERNEL_GAIN / math.sqrt(fan_in))
    return (uniform(name, int(np.prod(shape))) * scale).reshape(shape)


def weight(layer, slot, shape):
    """The parity value of weight layer/slot with the given Keras shape, as float32."""
    name = layer + "/" + slot
    n = int(np.prod(shape))
    if slot == "kernel":
        fan_in = int(np.prod(shape[:-1]))
        return scaled(name, shape, fan_in)
    if slot == "depthwise_kernel":
        return scaled(name, shape, shape[0] * shape[1])
    u = uniform(name, n).reshape(shape)
    if slot in ("bias", "beta", "moving_mean"):
        return u * np.float32(0.1)
    if slot == "gamma":
        return np.float32(1.0) + np.float32(0.1) * u
    if slot == "moving_variance":
        return np.float32(1.0) + np.float32(0.5) * np.abs(u)
    raise ValueError("unknown slot " + slot)


# ---------------------------------------------------------------------------------------------------------------
# Layers (NCHW float64 tensors inside; Keras shapes and names outside)
# ---------------------------------------------------------------------------------------------------------------

def t(a):
    return torch.from_numpy(np.ascontiguousarray(a)).to(torch.float64)


def same_pad(n, k, s):
    out = (n + s - 1) // s
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pad_for(x, k, s, padding):
    if padding == "valid":
        return x
    top, bottom = same_pad(x.shape[2], k, s)
    left, right = same_pad(x.shape[3], k, s)
    return F.pad(x, (left, right, top, bottom))


def conv(x, name, filters, k, s=1, padding="valid", use_bias=True, act=None):
    kernel = weight(name, "kernel", (k, k, x.shape[1], filters))
    y = F.conv2d(pad_for(x, k, s, padding), t(kernel).permute(3, 2, 0, 1), stride=s)
    if use_bias:
        y = y + t(weight(name, "bias", (filters,))).view(1, -1, 1, 1)
    return act(y) if act else y


def depthwise(x, name, k, s, padding):
    c = x.shape[1]
    kernel = weight(name, "depthwise_kernel", (k, k, c, 1))
    return F.conv2d(pad_for(x, k, s, padding), t(kernel).permute(2, 3, 0, 1), stride=s, groups=c)


def bn(x, name, eps):
    c = x.shape[1]
    g, b, m, v = (t(weight(name, s, (c,))).view(1, -1, 1, 1)
                  for s in ("gamma", "beta", "moving_mean", "moving_variance"))
    return (x - m) / torch.sqrt(v + eps) * g + b


def zero_pad(x, top, bottom, left, right):
    return F.pad(x, (left, right, top, bottom))


def relu6(x):
    return torch.clamp(x, 0.0, 6.0)


# ---------------------------------------------------------------------------------------------------------------
# Networks (keras-backbones.md §2-§4)
# ---------------------------------------------------------------------------------------------------------------

def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


MBV2_BLOCKS = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
               (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
               (320, 1, 6)]


def mobilenet_v2(x, alpha):
    eps = 1e-3
    x = relu6(bn(conv(x, "Conv1", make_divisible(32 * alpha), 3, 2, "same", False), "bn_Conv1", eps))
    for block_id, (filters, stride, expansion) in enumerate(MBV2_BLOCKS):
        prefix = "expanded_conv_" if block_id == 0 else "block_%d_" % block_id
        inp = x
        in_ch = x.shape[1]
        pointwise = make_divisible(int(filters * alpha))
        if block_id != 0:
            x = relu6(bn(conv(x, prefix + "expand", expansion * in_ch, 1, 1, "same", False), prefix + "expand_BN", eps))
        if stride == 2:
            h, w = x.shape[2], x.shape[3]
            x = zero_pad(x, h % 2, 1, w % 2, 1)  # correct_pad: (1 - adjust, 1) with adjust = 1 - n % 2
        x = depthwise(x, prefix + "depthwise", 3, stride, "same" if stride == 1 else "valid")
        x = relu6(bn(x, prefix + "depthwise_BN", eps))
        x = bn(conv(x, prefix + "project", pointwise, 1, 1, "same", False), prefix + "project_BN", eps)
        if in_ch == pointwise and stride == 1:
            x = inp + x
    last = make_divisible(1280 * alpha) if alpha > 1.0 else 1280
    return relu6(bn(conv(x, "Conv_1", last, 1, 1, "valid", False), "Conv_1_bn", eps))


def resnet50(x):
    eps = 1.001e-5
    x = zero_pad(x, 3, 3, 3, 3)
    x = torch.relu(bn(conv(x, "conv1_conv", 64, 7, 2), "conv1_bn", eps))
    x = F.max_pool2d(zero_pad(x, 1, 1, 1, 1), 3, 2)
    for stage, filters, blocks, stride in ((2, 64, 3, 1), (3, 128, 4, 2), (4, 256, 6, 2), (5, 512, 3, 2)):
        for i in range(1, blocks + 1):
            name = "conv%d_block%d" % (stage, i)
            s = stride if i == 1 else 1
            if i == 1:
                shortcut = bn(conv(x, name + "_0_conv", 4 * filters, 1, s), name + "_0_bn", eps)
            else:
                shortcut = x
            y = torch.relu(bn(conv(x, name + "_1_conv", filters, 1, s), name + "_1_bn", eps))
            y = torch.relu(bn(conv(y, name + "_2_conv", filters, 3, 1, "same"), name + "_2_bn", eps))
            y = bn(conv(y, name + "_3_conv", 4 * filters, 1), name + "_3_bn", eps)
            x = torch.relu(shortcut + y)
    return x


def vgg16(x):
    for block, (filters, convs) in enumerate(((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)), start=1):
        for c in range(1, convs + 1):
            x = conv(x, "block%d_conv%d" % (block, c), filters, 3, 1, "same", True, torch.relu)
        x = F.max_pool2d(x, 2, 2)
    return x


def linear_head(x, units):
    """GlobalAveragePooling2D → Dropout (identity at inference) → Dense(units, softmax) named 'predictions'."""
    pooled = x.mean(dim=(2, 3))
    kernel = t(weight("predictions", "kernel", (pooled.shape[1], units)))
    logits = pooled @ kernel + t(weight("predictions", "bias", (units,)))
    return torch.softmax(logits, dim=1)


# ---------------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------------

CASES = [
    # name, backbone id, alpha, height, width, kernel gain, head units (0 = features only). ResNet50's 16 residual
    # adds grow the activations (max |features| 45 with He's gain), so its kernels use gain 2 (max about 3).
    ("mobilenet_v2_a035_32", "mobilenet_v2", 0.35, 32, 32, HE_GAIN, 0),
    ("mobilenet_v2_a035_35", "mobilenet_v2", 0.35, 35, 35, HE_GAIN, 0),
    ("mobilenet_v2_a035_35_head", "mobilenet_v2", 0.35, 35, 35, HE_GAIN, 5),
    ("resnet50_32", "resnet50", 1.0, 32, 32, 2.0, 0),
    ("vgg16_32", "vgg16", 1.0, 32, 32, HE_GAIN, 0),
]


def run(backbone, alpha, x):
    if backbone == "mobilenet_v2":
        return mobilenet_v2(x, alpha)
    if backbone == "resnet50":
        return resnet50(x)
    return vgg16(x)


def to_nhwc(y):
    return y.permute(0, 2, 3, 1) if y.dim() == 4 else y


def main():
    global KERNEL_GAIN
    torch.set_grad_enabled(False)
    lines = ["# Written by make_parity_fixtures.py (PyTorch %s, float64); seed of the weight generator: %d"
             % (torch.__version__, SEED), "seed=%d" % SEED, "cases=" + ",".join(c[0] for c in CASES),
             "# uniform(\"check\", 0..3, seed) as float32 bits, to test the generator on its own",
             "check.uniform=" + ",".join("%08x" % b for b in uniform("check", 4).view(np.uint32))]
    for name, backbone, alpha, h, w, gain, units in CASES:
        KERNEL_GAIN = gain
        image = uniform("input/%dx%d" % (h, w), h * w * 3).reshape(1, h, w, 3)
        features = run(backbone, alpha, t(image).permute(0, 3, 1, 2))
        out = linear_head(features, units) if units else features
        out = to_nhwc(out).numpy().astype("<f4")
        feats = to_nhwc(features).numpy()
        input_file = "input_%dx%d.f32" % (h, w)
        image.astype("<f4").tofile(os.path.join(HERE, input_file))
        out.tofile(os.path.join(HERE, name + ".output.f32"))
        zeros = float((feats == 0).mean())
        print("%-28s output %-14s max|features| %8.4f mean|features| %7.4f zeros %4.0f%% max|output| %8.4f"
              % (name, "x".join(map(str, out.shape)), np.abs(feats).max(), np.abs(feats).mean(), 100 * zeros,
                 np.abs(out).max()))
        lines += ["%s.backbone=%s" % (name, backbone), "%s.alpha=%s" % (name, alpha),
                  "%s.input=%s" % (name, input_file), "%s.inputShape=1,%d,%d,3" % (name, h, w), "%s.output=%s" % (name, ",".join(map(str, out.shape))),
                  "%s.head=%d" % (name, units), "%s.gain=%r" % (name, gain)]
    with open(os.path.join(HERE, "index.properties"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the ONNX backbone fixture of tl-backend-djl's tests.

A torchvision MobileNetV2 (width 0.35) feature extractor with seed-fixed random weights, exported to ONNX by
PyTorch, plus PyTorch's own output for a fixed input batch, so that the tests can check tl4j's `onnx` backbone
against an independent engine.

Run from this folder with Debian's python3-torch, python3-torchvision and python3-onnx:

    /usr/bin/python3 make_onnx_fixture.py

Files written (all float32 little-endian, row-major):
  mobilenet_v2_035.onnx   input "input" [batch, 3, height, width] (NCHW), output "features"
                          [batch, 1280, rows, cols] (2×2 for the 64×64 input below)
  input_nhwc.bin          the input batch, [2, 64, 64, 3] (NHWC, as tl4j feeds it)
  expected_nhwc.bin       PyTorch's output for it, [2, 2, 2, 1280] (NHWC, as tl4j returns it)
"""
import os

import numpy as np
import onnx
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH, SIZE = 2, 64


def randomise_batchnorm(model, generator):
    """Gives every BatchNorm a random scale and shift, then moving statistics measured on random images.

    With torchvision's random init and default statistics the activations of a deep network collapse, and its
    output no longer depends on the input, which would hide layout bugs; calibrated statistics keep every layer's
    activations of order 1 and input-dependent (as trained ImageNet weights do).
    """
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            m.weight.data = 0.5 + torch.rand(c, generator=generator)
            m.bias.data = 0.2 * torch.randn(c, generator=generator)
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batches
    model.train()
    with torch.no_grad():
        for _ in range(8):
            model(torch.rand(16, 3, SIZE, SIZE, generator=generator) * 2.0 - 1.0)


def main():
    torch.manual_seed(1234)
    generator = torch.Generator().manual_seed(1234)
    net = torchvision.models.mobilenet_v2(width_mult=0.35).features
    randomise_batchnorm(net, generator)
    net.eval()

    x = torch.rand(BATCH, 3, SIZE, SIZE, generator=generator) * 2.0 - 1.0
    with torch.no_grad():
        y = net(x)

    path = os.path.join(HERE, "mobilenet_v2_035.onnx")
    torch.onnx.export(net, x, path, input_names=["input"], output_names=["features"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                                    "features": {0: "batch", 2: "rows", 3: "cols"}},
                      opset_version=13, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))

    x.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(os.path.join(HERE, "input_nhwc.bin"))
    y.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(os.path.join(HERE, "expected_nhwc.bin"))
    pooled = y.mean(dim=(2, 3))
    print("output", tuple(y.shape), "max |y|", float(y.abs().max()), "mean |y|", float(y.abs().mean()),
          "max |pooled[0] - pooled[1]|", float((pooled[0] - pooled[1]).abs().max()))


if __name__ == "__main__":
    main()

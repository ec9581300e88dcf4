#!/usr/bin/env python3
"""The PyTorch peer of bench/Bench.java: the same conv bases (torchvision, include_top=False equivalents), batch 32
images/s and batch-1 latency as medians after warm-up, peak RSS. Run by bench/run.sh, which sets the glibc malloc
variables (without them PyTorch's batch-32 runs are 4-12x slower) and OMP threads.

usage: torch_peer.py BACKBONE SIZE [ALPHA]
"""
import os
import resource
import statistics
import sys
import time

import torch
import torchvision

BATCH = int(os.environ.get("BENCH_BATCH", "32"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "7"))
LATENCY_RUNS = int(os.environ.get("BENCH_LATENCY_RUNS", "20"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WARMUP = 2


def conv_base(backbone, alpha):
    if backbone == "mobilenet_v2":
        return torchvision.models.mobilenet_v2(width_mult=alpha).features
    if backbone == "resnet50":
        return torch.nn.Sequential(*list(torchvision.models.resnet50().children())[:-2])
    if backbone == "vgg16":
        return torchvision.models.vgg16().features
    raise SystemExit("unknown backbone " + backbone)


def median_seconds(model, x, warmup, runs):
    for _ in range(warmup):
        model(x)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    backbone, size = sys.argv[1], int(sys.argv[2])
    alpha = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    torch.set_num_threads(THREADS)
    torch.set_flush_denormal(True)  # TensorFlow flushes denormals too
    torch.manual_seed(42)
    t0 = time.perf_counter()
    model = conv_base(backbone, alpha).eval()
    compile_s = time.perf_counter() - t0
    x = torch.rand(BATCH, 3, size, size) * 2 - 1
    with torch.inference_mode():
        throughput = BATCH / median_seconds(model, x, WARMUP, BATCHES)
        latency = median_seconds(model, x[:1], 3, LATENCY_RUNS) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print("RESULT backend=pytorch backbone=%s size=%d device=cpu batch=%d images_per_s=%.2f latency_ms=%.2f "
          "compile_s=%.2f peak_rss_mb=%d engine=\"PyTorch %s\"" % (backbone, size, BATCH, throughput, latency,
                                                                  compile_s, peak, torch.__version__))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The PyTorch peer of `tl train` for the seed workflow, done the Keras way: the frozen base runs on every image in
every epoch. torchvision ImageFolder + PIL decoding, bilinear resize to 160x160, x/127.5-1 (the MobileNetV2 `tf`
preprocessing), a seeded 80/20 split, MobileNetV2 (alpha 1.0, random init) features under torch.no_grad() in eval
mode, then GAP -> Dropout(0.2) -> Linear (softmax cross-entropy), Adam 1e-3, batch 32, 10 epochs, validation after
every epoch (as Keras's fit(validation_data=...) does). Run by bench/seed-workflow.sh, which sets the glibc malloc
variables (without them PyTorch's batch-32 runs are 4-12x slower).

usage: seed_torch.py DATA_DIR
env:   BENCH_THREADS (2: torch intra-op threads), BENCH_WORKERS (2: DataLoader decoding processes; 0 decodes in the
       training process), BENCH_EPOCHS (10), BENCH_BATCH (32)
Prints one RESULT line: total wall seconds (imports included) and the median epoch.
"""
import os
import resource
import statistics
import sys
import time

T0 = time.perf_counter()

import torch  # noqa: E402
import torchvision  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, random_split  # noqa: E402
from torchvision import transforms  # noqa: E402

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
EPOCHS = int(os.environ.get("BENCH_EPOCHS", "10"))
BATCH = int(os.environ.get("BENCH_BATCH", "32"))


def loaders(root):
    prepare = transforms.Compose([
        transforms.Resize((160, 160), interpolation=transforms.InterpolationMode.BILINEAR),
        transforms.PILToTensor(),
        transforms.ConvertImageDtype(torch.float32),  # [0, 1]
        transforms.Normalize([0.5] * 3, [0.5] * 3),  # x/127.5 - 1
    ])
    data = torchvision.datasets.ImageFolder(root, transform=prepare)
    n_val = round(0.2 * len(data))
    train, val = random_split(data, [len(data) - n_val, n_val], generator=torch.Generator().manual_seed(42))
    common = dict(batch_size=BATCH, num_workers=WORKERS, persistent_workers=WORKERS > 0)
    return (DataLoader(train, shuffle=True, generator=torch.Generator().manual_seed(42), **common),
            DataLoader(val, shuffle=False, **common), len(data.classes))


def main():
    torch.set_num_threads(THREADS)
    torch.set_flush_denormal(True)  # TensorFlow flushes denormals too
    torch.manual_seed(42)
    train, val, classes = loaders(sys.argv[1])
    base = torchvision.models.mobilenet_v2(width_mult=1.0).features.eval()
    for p in base.parameters():
        p.requires_grad_(False)
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(1280, classes))
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    epochs = []
    for epoch in range(EPOCHS):
        t = time.perf_counter()
        head.train()
        for x, y in train:
            with torch.no_grad():
                features = base(x)
            loss = loss_fn(head(features), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        head.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val:
                correct += (head(base(x)).argmax(1) == y).sum().item()
        epochs.append(time.perf_counter() - t)
        print("epoch %d: %.1f s, val_accuracy %.4f" % (epoch + 1, epochs[-1], correct / len(val.dataset)),
              file=sys.stderr, flush=True)
    total = time.perf_counter() - T0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print("RESULT part=pytorch seconds=%.2f epoch_median_s=%.2f epochs=%d workers=%d threads=%d peak_rss_mb=%d "
          "engine=\"PyTorch %s torchvision %s\"" % (total, statistics.median(epochs), EPOCHS, WORKERS, THREADS, peak,
                                                     torch.__version__, torchvision.__version__))


if __name__ == "__main__":
    main()

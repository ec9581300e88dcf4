#!/usr/bin/env python3
"""Checks that TensorBoard reads a run's event files and shows exactly the scalars of its metrics.csv.

A run trained with `output.tensorboard = true` has RUN/tensorboard/{train,validation}/events.out.tfevents.*, written
by tl4j without TensorFlow. This script starts the real TensorBoard server (`tensorboard --logdir RUN/tensorboard`,
on a free loopback port), asks its HTTP API for every scalar series, and compares them with RUN/metrics.csv:

    train/epoch_loss, epoch_accuracy, epoch_learning_rate       <- loss, accuracy, learning_rate
    validation/epoch_loss, epoch_accuracy, epoch_top_k_accuracy <- val_loss, val_accuracy, val_top_k

one point per epoch (step = the csv's epoch; empty cells have no point), values equal as float32.

Usage (Python TensorBoard is needed for this check only, e.g. from a local package index):
    pip install tensorboard      # e.g. /work/venv-tf/bin/pip install tensorboard --index-url file:///opt/pypi/simple
    scripts/check-tensorboard.py RUN_DIR
Exit status: 0 when they agree, 1 when not (each difference printed), 2 when TensorBoard is not installed.
"""
import csv
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request

SERIES = {
    ("train", "epoch_loss"): "loss",
    ("train", "epoch_accuracy"): "accuracy",
    ("train", "epoch_learning_rate"): "learning_rate",
    ("validation", "epoch_loss"): "val_loss",
    ("validation", "epoch_accuracy"): "val_accuracy",
    ("validation", "epoch_top_k_accuracy"): "val_top_k",
}


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, **query):
    url = "http://127.0.0.1:%d%s?%s" % (port, path, urllib.parse.urlencode(query))
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def expected(run_dir):
    want = {key: {} for key in SERIES}
    with open(os.path.join(run_dir, "metrics.csv"), newline="") as f:
        for row in csv.DictReader(f):
            for key, column in SERIES.items():
                if row[column] != "":
                    want[key][int(row["epoch"])] = float(row[column])
    return want


def served(port, keys, deadline):
    """The series TensorBoard serves, once every one of `keys` is there."""
    while True:
        try:
            tags = get(port, "/data/plugin/scalars/tags")
            if all(tag in tags.get(run, {}) for run, tag in keys):
                return {(run, tag): {step: value for _, step, value in get(port, "/data/plugin/scalars/scalars",
                                                                            run=run, tag=tag)}
                        for run in tags for tag in tags[run]}
        except OSError:
            pass
        if time.time() > deadline:
            raise SystemExit("TensorBoard did not show %s within 120 s" % ", ".join("/".join(k) for k in keys))
        time.sleep(1)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    run_dir = sys.argv[1]
    logdir = os.path.join(run_dir, "tensorboard")
    if not os.path.isdir(logdir):
        raise SystemExit("%s has no tensorboard/ folder: train with --set output.tensorboard=true" % run_dir)
    try:
        import tensorboard  # noqa: F401 (only to know it is there)
    except ImportError:
        print("skipped: Python TensorBoard is not installed (pip install tensorboard)", file=sys.stderr)
        return 2
    want = expected(run_dir)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tensorboard.main", "--logdir", logdir, "--host", "127.0.0.1",
                               "--port", str(port), "--load_fast", "false", "--reload_interval", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        got = served(port, [k for k in SERIES if want[k]], time.time() + 120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = ["%s/%s: not in metrics.csv" % k for k in got if k not in SERIES]
    for key in SERIES:
        if sorted(got.get(key, {})) != sorted(want[key]):
            problems.append("%s/%s: steps %s, metrics.csv has %s" % (key + (sorted(got.get(key, {})),
                                                                            sorted(want[key]))))
            continue
        for step, value in want[key].items():
            if got[key][step] != f32(value):
                problems.append("%s/%s step %d: TensorBoard %r, metrics.csv %r" % (key + (step, got[key][step],
                                                                                          value)))
    for p in problems:
        print(p, file=sys.stderr)
    points = sum(len(v) for v in want.values())
    if problems:
        return 1
    print("tensorboard: %d scalars in %d series equal metrics.csv (%s)" % (points, len(SERIES), logdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Reference for bench_training: the same small-cnn in Python PyTorch, trained the same way.

usage: train_small_cnn.py DATASET_DIR BATCH THREADS SAMPLES [EPOCHS]
Trains on the first SAMPLES images of a seeded shuffle of the training file with Adam
(lr 1e-3), batch BATCH, THREADS intra-op threads, and prints JSON with the training
throughput (samples per second of optimizer steps, data loading excluded) and the loss.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class SmallCnn(nn.Module):
    """conv(1→16, 3×3, pad 1) → ReLU → maxpool 2 → conv(16→32) → ReLU → maxpool 2 → 1568→64→10"""

    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(1568, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.reshape(x.size(0), 1568)))
        return self.fc2(x)


def main():
    dataset, batch, threads, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    images = read_idx(os.path.join(dataset, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(dataset, "train-labels-idx1-ubyte.gz"))
    order = np.random.default_rng(42).permutation(len(labels))[:samples]
    x = torch.from_numpy(images[order].astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels[order].astype(np.int64))
    model = SmallCnn(float(x.mean()), float(x.std()))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = len(y)
    train_seconds = 0.0
    loss_sum = 0.0
    for epoch in range(epochs):
        perm = torch.randperm(n)
        for begin in range(0, n, batch):
            start = time.perf_counter()
            idx = perm[begin:begin + batch]
            xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            loss_value = loss.item()  # the C++ runner reads every loss too (non-finite check)
            train_seconds += time.perf_counter() - start
            loss_sum += loss_value * len(idx)
    json.dump({"samples_per_second": n * epochs / train_seconds, "train_loss": loss_sum / (n * epochs),
               "torch": torch.__version__, "batch": batch, "threads": threads}, sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loads a Loopkeeper TorchScript model with Python's torch.jit.load and classifies images.

usage: torchscript_predict.py MODEL IMAGES_U8 COUNT
IMAGES_U8 holds COUNT 28x28 images as raw bytes. Prints JSON: per image the class and the
softmax probabilities, so that the caller can compare them with its own.
"""
import json
import sys

import torch


def main() -> int:
    model_path, images_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    model = torch.jit.load(model_path)
    model.eval()
    raw = open(images_path, "rb").read()
    if len(raw) != count * 784:
        print(f"expected {count * 784} bytes, got {len(raw)}", file=sys.stderr)
        return 2
    x = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(count, 1, 28, 28).float() / 255.0
    with torch.no_grad():
        probs = torch.softmax(model(x), dim=1)
    out = [{"class": int(p.argmax()), "probs": [float(v) for v in p]} for p in probs]
    json.dump({"torch": torch.__version__, "predictions": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Loads a Saturn recurrent checkpoint into PyTorch and compares the logits.

    /usr/bin/python3 tools/recurrent_checkpoint_torch.py RUN_DIR STEP

RUN_DIR is a `saturn train --layer rnn|gru|lstm` run (tanh cell, sigmoid gates, no
permutation): the network is rebuilt as `self.rnn = nn.RNN/GRU/LSTM(..., batch_first=True)`
and `self.fc = nn.Linear(...)`, the checkpoint `checkpoints/step-STEP.safetensors` is loaded
with `load_state_dict(strict=True)`, and its logits are
compared with Saturn's logits for the same inputs: `RUN_DIR/inputs-check.txt` and
`RUN_DIR/logits-check.txt`, one row per line, written from the same checkpoint by the
library (`Model.fromSpec` with the run's spec, `Checkpoints.loadWeights`, `forward`). The safetensors file is
read directly (8-byte header length, JSON header, little-endian float32 data).
"""
import json
import struct
import sys

import torch
import torch.nn as nn


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"])
        out[name] = t.clone()
    return out


def main():
    run, step = sys.argv[1], sys.argv[2]
    state = read_safetensors(f"{run}/checkpoints/step-{step}.safetensors")
    layers = sum(1 for k in state if k.startswith("rnn.weight_ih_l"))
    gates, n_in = state["rnn.weight_ih_l0"].shape
    hidden = state["rnn.weight_hh_l0"].shape[1]
    classes = state["fc.weight"].shape[0]
    cell = {1: nn.RNN, 3: nn.GRU, 4: nn.LSTM}[gates // hidden]

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = cell(n_in, hidden, num_layers=layers, batch_first=True)
            self.fc = nn.Linear(hidden, classes)

        def forward(self, x):
            states, _ = self.rnn(x)
            return self.fc(states[:, -1])

    net = Net()
    net.load_state_dict(state, strict=True)
    print(f"loaded {cell.__name__} x{layers}, in {n_in}, hidden {hidden}, classes {classes} with strict=True")
    x = torch.from_numpy(__import__("numpy").loadtxt(f"{run}/inputs-check.txt", dtype="float32", ndmin=2))
    steps = x.shape[1] // n_in
    with torch.no_grad():
        logits = net(x.reshape(x.shape[0], steps, n_in))
    expected = __import__("numpy").loadtxt(f"{run}/logits-check.txt", dtype="float64", ndmin=2)
    diff = (logits.double().numpy() - expected).__abs__().max()
    print(f"max |torch - saturn| over {x.shape[0]} rows x {classes} logits: {diff:.3g}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference values for Saturn's recurrent layers, computed with PyTorch.

For nn.RNN (tanh), nn.GRU and nn.LSTM, two stacked layers with batch_first=True feeding a
linear read-out of the last step's state (the module names Saturn's checkpoints use: `rnn`
and `fc`), this writes a text file with the state_dict (float32 values), an input batch, labels, the logits,
the mean cross-entropy and its gradient with respect to every parameter, all computed in
float64 from the float32 weights.

Run offline with Debian's python3-torch:
    /usr/bin/python3 tools/recurrent_reference.py saturn-engine/src/test/resources/recurrent/torch_reference.txt
"""
import sys

import torch
import torch.nn as nn

IN, HIDDEN, LAYERS, STEPS, BATCH, CLASSES = 3, 5, 2, 6, 4, 3


class Net(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(IN, HIDDEN, num_layers=LAYERS, batch_first=True)
        self.fc = nn.Linear(HIDDEN, CLASSES)

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.fc(states[:, -1])


def values(t):
    return " ".join(repr(v) for v in t.flatten().tolist())


def case(out, name, cell, seed):
    torch.manual_seed(seed)
    net = Net(cell)
    # the float32 weights PyTorch initialized, then everything in float64
    state = {k: v.detach().float().clone() for k, v in net.state_dict().items()}
    net = net.double()
    x = torch.randn(BATCH, STEPS, IN, dtype=torch.float32).double()
    labels = torch.randint(0, CLASSES, (BATCH,))
    logits = net(x)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    out.write(f"case {name} in {IN} hidden {HIDDEN} layers {LAYERS} steps {STEPS} batch {BATCH} classes {CLASSES}\n")
    for k, v in state.items():
        out.write(f"param {k} {' '.join(str(d) for d in v.shape)} : {values(v)}\n")
    out.write(f"x : {values(x)}\n")
    out.write(f"labels : {' '.join(str(v) for v in labels.tolist())}\n")
    out.write(f"logits : {values(logits.detach())}\n")
    out.write(f"loss : {loss.item()!r}\n")
    for k, p in net.named_parameters():
        out.write(f"grad {k} : {values(p.grad)}\n")


def main():
    with open(sys.argv[1], "w") as out:
        out.write(f"# PyTorch {torch.__version__}, made by tools/recurrent_reference.py\n")
        case(out, "rnn", nn.RNN, 11)
        case(out, "gru", nn.GRU, 12)
        case(out, "lstm", nn.LSTM, 13)


if __name__ == "__main__":
    main()

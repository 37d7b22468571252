#!/usr/bin/python3
"""Times PyTorch's fused nn.RNN / nn.LSTM training step, the counterpart of
`saturn bench --layer rnn|lstm --seq 784`: one layer of 128 tanh units over 784 steps of one
input, batch 128, a linear read-out of the last state, cross-entropy, backward, Adam.

    /usr/bin/python3 tools/torch_recurrent_step.py [rnn|lstm] [THREADS] [STEPS]

Prints the median step time in ms over STEPS timed steps (after two warm-up steps).
"""
import statistics
import sys
import time

import torch
import torch.nn as nn


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "rnn"
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    torch.manual_seed(1)
    cell = nn.RNN(1, 128, batch_first=True) if kind == "rnn" else nn.LSTM(1, 128, batch_first=True)
    fc = nn.Linear(128, 10)
    opt = torch.optim.Adam(list(cell.parameters()) + list(fc.parameters()), lr=1e-4)
    x = torch.randn(128, 784, 1)
    y = torch.randint(0, 10, (128,))
    times = []
    for i in range(steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        states, _ = cell(x)
        loss = nn.functional.cross_entropy(fc(states[:, -1]), y)
        loss.backward()
        opt.step()
        if i >= 2:
            times.append((time.perf_counter() - t0) * 1e3)
    print(f"torch {torch.__version__} {kind} threads {torch.get_num_threads()}: median step {statistics.median(times):.0f} ms "
          f"({', '.join(f'{t:.0f}' for t in times)})")


if __name__ == "__main__":
    main()

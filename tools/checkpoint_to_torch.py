#!/usr/bin/python3
"""Rebuilds a Saturn checkpoint as a PyTorch module from the file alone and prints its logits.

    /usr/bin/python3 tools/checkpoint_to_torch.py CHECKPOINT ROWS.csv [--out LOGITS.csv] [--double]

CHECKPOINT is a weights file written by `saturn train` (`runs/RUN/checkpoints/step-N.safetensors`).
Its `saturn.model` metadata lists the modules; this script builds them as torch modules under
the same names (`layers` is an `nn.Sequential`, recurrent networks have `rnn` and `fc`), loads
the tensors with `load_state_dict(strict=True)`, translates each activation formula (the
grammar of Saturn's formula parser: + - * / ^ **, unary minus, numbers, x, pi, e, the
primitives exp log sqrt abs sin cos tan tanh sinh cosh atan asinh erf erfc sigmoid softplus
sign step log1p expm1 and max(a, b), min(a, b)) into torch operations, applies the stored
preprocessing `(x - shift[j]) * scale[j]` to the raw rows of ROWS.csv (one example a line,
the network's input features, optional header) and writes one line of logits per row
(standard output, or --out). --double computes in float64 instead of float32.

Supported modules: dense, activation (with or without a learnable scale), layernorm,
batchnorm (evaluation mode), residual and rezero blocks of those, dropout (the identity),
permutation, and rnn / gru / lstm stacks with tanh cells and sigmoid gates (nn.RNN, nn.GRU,
nn.LSTM with batch_first=True) read out by a dense layer from the last state or at every
step. Other kinds (rbf, highway, weight-normalized or weight-standardized dense layers, other
recurrent activations) are refused with their name.

The safetensors file is read directly (8-byte little-endian header length, JSON header,
little-endian float32 data), so the `safetensors` package is not needed.
"""
import json
import math
import re
import struct
import sys

import torch
import torch.nn as nn


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {info['dtype']}, only F32 is read")
        start, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"]).clone()
    return tensors, header.get("__metadata__", {})


# ---- activation formulas -------------------------------------------------------------------

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^(),])|([A-Za-z_][A-Za-z0-9_]*))")

UNARY = {
    "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin,
    "cos": torch.cos, "tan": torch.tan, "tanh": torch.tanh, "sinh": torch.sinh, "cosh": torch.cosh,
    "atan": torch.atan, "asinh": torch.asinh, "erf": torch.erf, "erfc": torch.erfc,
    "sigmoid": torch.sigmoid, "softplus": nn.functional.softplus, "sign": torch.sign,
    "step": lambda u: (1 + torch.sign(u)) / 2, "log1p": torch.log1p, "expm1": torch.expm1,
}
BINARY = {"max": torch.maximum, "min": torch.minimum}


def tokens(text):
    pos, out = 0, []
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"formula {text!r}: unexpected character at column {pos + 1}")
        number, op, name = m.groups()
        out.append(("num", float(number)) if number else ("op", "^" if op == "**" else op) if op else ("name", name.lower()))
        pos = m.end()
    out.append(("end", None))
    return out


class Formula:
    """An activation formula parsed once into a tree of closures over a tensor x."""

    def __init__(self, text):
        self.text = text
        self.toks = tokens(text)
        self.pos = 0
        self.fn = self.sum()
        if self.peek() != ("end", None):
            raise ValueError(f"formula {text!r}: trailing {self.peek()[1]!r}")

    def peek(self):
        return self.toks[self.pos]

    def take(self, kind, value=None):
        t = self.toks[self.pos]
        if t[0] != kind or (value is not None and t[1] != value):
            raise ValueError(f"formula {self.text!r}: expected {value or kind}, got {t[1]!r}")
        self.pos += 1
        return t[1]

    def sum(self):
        left = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take("op")
            right = self.product()
            left = (lambda a, b: lambda x: a(x) + b(x))(left, right) if op == "+" else \
                (lambda a, b: lambda x: a(x) - b(x))(left, right)
        return left

    def product(self):
        left = self.signed()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take("op")
            right = self.signed()
            left = (lambda a, b: lambda x: a(x) * b(x))(left, right) if op == "*" else \
                (lambda a, b: lambda x: a(x) / b(x))(left, right)
        return left

    def signed(self):
        if self.peek() == ("op", "-"):
            self.take("op")
            inner = self.signed()
            return lambda x: -inner(x)
        if self.peek() == ("op", "+"):
            self.take("op")
            return self.signed()
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take("op")
            exponent = self.signed()
            return lambda x: torch.pow(base(x), exponent(x))
        return base

    def atom(self):
        kind, value = self.peek()
        if kind == "num":
            self.pos += 1
            return lambda x: torch.full_like(x, value)
        if kind == "op" and value == "(":
            self.take("op", "(")
            inner = self.sum()
            self.take("op", ")")
            return inner
        if kind == "name":
            self.pos += 1
            if value == "x":
                return lambda x: x
            if value in ("pi", "e"):
                c = math.pi if value == "pi" else math.e
                return lambda x: torch.full_like(x, c)
            self.take("op", "(")
            first = self.sum()
            if value in BINARY:
                self.take("op", ",")
                second = self.sum()
                self.take("op", ")")
                f = BINARY[value]
                return lambda x: f(first(x), second(x))
            self.take("op", ")")
            if value not in UNARY:
                raise ValueError(f"formula {self.text!r}: unknown function {value!r}")
            f = UNARY[value]
            return lambda x: f(first(x))
        raise ValueError(f"formula {self.text!r}: unexpected {value!r}")

    def __call__(self, x):
        return self.fn(x)


# ---- modules --------------------------------------------------------------------------------

class Activation(nn.Module):
    def __init__(self, formula, learnable_scale):
        super().__init__()
        self.phi = Formula(formula)
        if learnable_scale:
            self.scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        y = self.phi(x)
        return self.scale * y if hasattr(self, "scale") else y


class BatchNorm(nn.Module):
    """Evaluation-mode batch normalization with Saturn's tensors (no num_batches_tracked)."""

    def __init__(self, n, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))
        self.register_buffer("running_mean", torch.zeros(n))
        self.register_buffer("running_var", torch.ones(n))

    def forward(self, x):
        return (x - self.running_mean) / torch.sqrt(self.running_var + self.eps) * self.weight + self.bias


class Residual(nn.Module):
    """sqrt(1 - w^2) * F(x) + w * x, or x + alpha * F(x) for rezero."""

    def __init__(self, spec):
        super().__init__()
        self.branch = nn.Sequential(*[module(m) for m in spec["branch"]])
        self.rezero = spec["kind"] == "rezero"
        if self.rezero:
            self.alpha = nn.Parameter(torch.zeros(1))
        w = spec["skip_weight"]
        self.skip, self.through = w, math.sqrt(1 - w * w)

    def forward(self, x):
        f = self.branch(x)
        return x + self.alpha * f if self.rezero else self.through * f + self.skip * x


def module(spec):
    kind = spec["kind"]
    if kind == "dense":
        return nn.Linear(spec["in"], spec["out"], bias=spec["bias"])
    if kind == "activation":
        return Activation(spec["formula"], spec["learnable_scale"])
    if kind == "layernorm":
        return nn.LayerNorm(spec["in"], eps=spec["eps"])
    if kind == "batchnorm":
        return BatchNorm(spec["in"], spec["eps"])
    if kind in ("residual", "rezero"):
        return Residual(spec)
    if kind == "dropout":
        return nn.Identity()
    raise SystemExit(f"module kind {kind!r} ({spec['name']}) is not supported by this script")


class Recurrent(nn.Module):
    """Saturn's recurrent network: optional input permutation, `rnn`, read-out `fc`."""

    def __init__(self, modules):
        super().__init__()
        self.order = None
        for m in modules:
            if m["kind"] == "permutation":
                self.order = torch.tensor(m["order"], dtype=torch.long)
            elif m["kind"] in ("rnn", "gru", "lstm"):
                if m["formula"] != "tanh(x)" or m.get("gate_formula", "sigmoid(x)") != "sigmoid(x)":
                    raise SystemExit(f"{m['kind']} with activation {m['formula']!r} and gate "
                                     f"{m.get('gate_formula')!r}: torch's cells compute tanh and sigmoid only")
                cell = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[m["kind"]]
                self.steps, self.step_in, self.all_steps = m["steps"], m["step_in"], m["all_steps"]
                self.rnn = cell(m["step_in"], m["hidden"], num_layers=m["layers"], batch_first=True)
            elif m["kind"] == "dense":
                self.fc = nn.Linear(m["in"], m["out"], bias=m["bias"])
            elif m["kind"] == "stepwise":
                d = m["module"]
                self.fc = nn.Linear(d["in"], d["out"], bias=d["bias"])
            else:
                raise SystemExit(f"module kind {m['kind']!r} in a recurrent network is not supported by this script")

    def forward(self, x):
        if self.order is not None:
            x = x[:, self.order]
        states, _ = self.rnn(x.reshape(x.shape[0], self.steps, self.step_in))
        if self.all_steps:
            return self.fc(states).reshape(x.shape[0], -1)
        return self.fc(states[:, -1])


class Sequential(nn.Module):
    def __init__(self, modules):
        super().__init__()
        self.layers = nn.Sequential(*[module(m) for m in modules])

    def forward(self, x):
        return self.layers(x)


def network(metadata):
    """The torch module described by a checkpoint's `saturn.model` metadata."""
    if "saturn.model" not in metadata:
        raise SystemExit("the checkpoint has no saturn.model metadata (it was written before checkpoints described "
                         "themselves); rebuild it from its run's config.yaml instead")
    modules = json.loads(metadata["saturn.model"])["modules"]
    if any(m["kind"] in ("rnn", "gru", "lstm") for m in modules):
        return Recurrent(modules)
    return Sequential(modules)


def preprocess(x, metadata):
    pre = json.loads(metadata["saturn.preprocessing"])
    shift = torch.tensor(pre["shift"], dtype=torch.float32)
    scale = torch.tensor(pre["scale"], dtype=torch.float32)
    return (x - shift) * scale


def load(path):
    """The network of a checkpoint with its weights, and the file's metadata."""
    tensors, metadata = read_safetensors(path)
    net = network(metadata)
    net.load_state_dict(tensors, strict=True)
    net.eval()
    return net, metadata


def read_rows(path, features):
    rows = []
    with open(path) as f:
        for i, line in enumerate(f):
            cells = [c.strip() for c in line.strip().split(",")]
            if cells == [""]:
                continue
            try:
                values = [float(c) for c in cells]
            except ValueError:
                if not rows:
                    continue  # a header
                raise SystemExit(f"{path} line {i + 1}: not a number")
            if len(values) != features:
                raise SystemExit(f"{path} line {i + 1}: {len(values)} columns, the network takes {features}")
            rows.append(values)
    return torch.tensor(rows, dtype=torch.float32)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    double = "--double" in argv
    out = None
    if "--out" in argv:
        out = argv[argv.index("--out") + 1]
        args.remove(out)
    if len(args) != 2:
        raise SystemExit(__doc__)
    net, metadata = load(args[0])
    features = json.loads(metadata["saturn.data"])["features"]
    x = preprocess(read_rows(args[1], features), metadata)
    if double:
        net = net.double()
        x = x.double()
    with torch.no_grad():
        logits = net(x)
    lines = "".join(",".join(repr(float(v)) for v in row) + "\n" for row in logits.tolist())
    if out:
        with open(out, "w") as f:
            f.write(lines)
    else:
        sys.stdout.write(lines)


if __name__ == "__main__":
    main(sys.argv[1:])

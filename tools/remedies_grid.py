#!/usr/bin/env python3
"""Benchmarks of the remedies and of the optimizers on full Fashion-MNIST at depth 100, width 256, 2 epochs, each row at
the best learning rate of a small grid; prints a Markdown table.

  --suite remedies    every remedy for sigmoid, tanh, erf, gauss, exp(-x^2)*x with Adam, plus
                      ReLU+BatchNorm with and without shortcuts (test accuracy, vanishing factor)
  --suite optimizers  sgd, adam, rmsprop, smorms3, lars, lamb, lion, kfac and rprop (full batch on
                      the first 2000 examples, 100 steps) on tanh + critical init and sigmoid + TAT
                      (steps to 80% test accuracy, evaluated every 47 steps; final and best accuracy)
  --suite shortcuts   sigmoid, tanh, gauss (--activations) as a chain and with normalized residual,
                      ReZero and highway shortcuts, all with --remedy auto; ReZero and highway at the
                      best of --shortcut-lrs, plus the ReLU+BatchNorm residual reference; --depth and
                      --width set the network (e.g. --depth 1000 --width 128)

Learning-rate search by successive halving: every lr of the grid trains for --probe-steps
(a quarter epoch by default) and is evaluated on the test set; the best one is then extended
with `saturn train --resume` to the full budget (the resumed run equals an uninterrupted one,
so the row is exactly "this remedy trained 2 epochs at lr X"). Runs go under --out, one
directory per (activation, remedy, lr); a rerun skips what is finished, so a killed grid resumes.

  tools/remedies_grid.py --out runs/remedies [--workers 2] [--activations sigmoid,tanh]
      [--remedies naive,tat] [--lrs 3e-4,1e-4,3e-5] [--ref-lrs 1e-3,3e-4,1e-4] [--probe-steps 117] [--steps 938]

Deep saturating rows search {3e-4, 1e-4, 3e-5} (1e-3 already fails at depth 20 for every remedy we ran),
the ReLU+BatchNorm references {1e-3, 3e-4, 1e-4} (BatchNorm trains at the usual Adam step).

Needs the `saturn` launcher at the repository root (Python 3 standard library only).
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SATURN = os.environ.get("SATURN", os.path.join(ROOT, "saturn"))   # SATURN=path/to/launcher: a fixed build

ACTIVATIONS = ["sigmoid", "tanh", "erf", "gauss", "exp(-x^2)*x"]
REMEDIES = {
    "naive": ["--init", "xavier"],
    "critical": ["--init", "critical"],
    "lsuv": ["--init", "lsuv"],
    "dks": ["--transform", "dks", "--init", "orthogonal"],
    "tat": ["--transform", "tat", "--init", "orthogonal"],
    "layer-norm": ["--norm", "layer"],
    "auto": ["--remedy", "auto"],   # picks its own lr: no search
}
REFERENCES = {
    "relu+bn": ("relu", ["--norm", "batch", "--init", "he"]),
    # w = 0.99: the identity path keeps 0.99^100 = 0.37 of the input after 100 blocks (w = 0.7 would keep 3e-16)
    "relu+bn residual": ("relu", ["--norm", "batch", "--init", "he", "--residual", "normalized:0.99"]),
}
# Shortcuts around saturating layers (--suite shortcuts), each with --remedy auto (the transform solved
# for the architecture); ReZero's α and highway's gates start shut and are searched over SHORTCUT_LRS
SHORTCUTS = {
    "chain auto": (["--remedy", "auto"], False),
    "normalized auto": (["--remedy", "auto", "--residual", "normalized"], False),
    "rezero": (["--remedy", "auto", "--residual", "rezero"], True),
    "highway": (["--remedy", "auto", "--residual", "highway"], True),
}
SHORTCUT_LRS = ["1e-3", "3e-4", "1e-4", "3e-5"]
# Optimizers on two deep saturating networks, each at the best lr of a grid around its default
OPT_CONFIGS = {
    "tanh critical": ("tanh", ["--init", "critical"]),
    "sigmoid tat": ("sigmoid", ["--transform", "tat", "--init", "orthogonal"]),
}
OPTIMIZERS = {
    "sgd": ["1e-1", "3e-2", "1e-2"],
    "adam": ["3e-4", "1e-4", "3e-5"],
    "rmsprop": ["3e-4", "1e-4", "3e-5"],
    "smorms3": ["1e-3", "3e-4", "1e-4"],
    "lars": ["1", "0.3", "0.1"],
    "lamb": ["3e-3", "1e-3", "3e-4"],
    "lion": ["3e-5", "1e-5", "3e-6"],
    "kfac": ["1e-2", "3e-3", "1e-3"],
    "rprop": ["1e-2", "1e-3", "1e-4"],   # full batch: the first 2000 training examples, 100 steps
}
RPROP_DATA = "fashion-mnist?train=2000"
LRS = ["3e-4", "1e-4", "3e-5"]
REF_LRS = ["1e-3", "3e-4", "1e-4"]


def slug(text):
    return re.sub(r"[^A-Za-z0-9.+-]+", "_", text).strip("_")


def summary(run):
    path = os.path.join(run, "summary.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def train(run, activation, extra, steps, lr, threads, common):
    """Runs one training run to `steps` steps, resuming or extending what is in `run`; returns its summary."""
    s = summary(run)
    if s is not None and (s.get("status") == "diverged" or (s.get("status") == "completed" and s["steps"] >= steps)):
        return s
    if os.path.exists(os.path.join(run, "config.yaml")):
        args = [SATURN, "train", "--resume", "--out", run, "--max-steps", str(steps)]
    else:
        defaults = {"--data": "fashion-mnist", "--optimizer": "adam", "--batch": "128"}
        for i in range(0, len(extra) - 1, 2):
            defaults.pop(extra[i], None)
        args = [SATURN, "train", "--depth", str(common.depth), "--width", str(common.width),
                "--activation", activation, "--max-steps", str(steps),
                "--threads", str(threads), "--seed", "1", "--out", run] + [x for kv in defaults.items() for x in kv] + extra
        if lr is not None:
            args += ["--lr", lr]
    with open(run.rstrip("/") + ".log", "a") as log:
        code = subprocess.call(args, stdout=log, stderr=log)
    s = summary(run)
    if s is None:
        raise RuntimeError(f"{run}: exit {code}, no summary (see {run}.log)")
    return s


def first_vanishing(run):
    with open(os.path.join(run, "diagnostics.jsonl")) as f:
        return json.loads(f.readline())["vanishing_factor"]


def row(name, activation, extra, search, common, lrs=None, steps=None):
    steps = steps or common.steps
    base = os.path.join(common.out, slug(f"{activation}-{name}"))
    if not search:
        run = base
        s = train(run, activation, extra, steps, None, common.threads, common)
        return dict(activation=activation, remedy=name, lr=f"{float(lr_of(run)):.2g}", run=run, summary=s, probes={})
    probes = {}
    probe_steps = min(common.probe_steps, max(1, steps // 3))
    for lr in lrs or common.lrs:
        run = f"{base}-lr{lr}"
        try:
            s = train(run, activation, extra, probe_steps, lr, common.threads, common)
            acc = s.get("test_accuracy")
            probes[lr] = acc if s["status"] == "completed" and acc is not None else float("nan")
        except RuntimeError as e:
            probes[lr] = float("nan")
            print(e, file=sys.stderr)
    finite = {lr: a for lr, a in probes.items() if a == a}
    if not finite:
        return dict(activation=activation, remedy=name, lr=None, run=None, summary=None, probes=probes)
    best = max(finite, key=finite.get)
    run = f"{base}-lr{best}"
    s = train(run, activation, extra, steps, best, common.threads, common)
    return dict(activation=activation, remedy=name, lr=best, run=run, summary=s, probes=probes)


def lr_of(run):
    with open(os.path.join(run, "config.yaml")) as f:
        for line in f:
            m = re.match(r"\s+lr:\s*(\S+)", line)
            if m:
                return m.group(1)
    return "?"


def fmt(x):
    return "—" if x is None or x != x else (f"{x:.2e}" if abs(x) < 1e-2 or abs(x) >= 1e3 else f"{x:.3g}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--activations", default=",".join(ACTIVATIONS))
    p.add_argument("--remedies", default=",".join(list(REMEDIES) + list(REFERENCES)))
    p.add_argument("--lrs", default=",".join(LRS), help="grid for the saturating rows")
    p.add_argument("--ref-lrs", default=",".join(REF_LRS), help="grid for the ReLU+BatchNorm references")
    p.add_argument("--probe-steps", type=int, default=117)
    p.add_argument("--steps", type=int, default=938)
    p.add_argument("--depth", type=int, default=100)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--shortcuts", default=",".join(SHORTCUTS))
    p.add_argument("--shortcut-lrs", default=",".join(SHORTCUT_LRS), help="grid for the ReZero and highway rows")
    p.add_argument("--suite", choices=["remedies", "optimizers", "shortcuts"], default="remedies",
                   help="remedies, or optimizers (steps to 80%% and accuracy after 2 epochs)")
    p.add_argument("--optimizers", default=",".join(OPTIMIZERS))
    p.add_argument("--configs", default=",".join(OPT_CONFIGS))
    p.add_argument("--threads", type=int, default=0, help="GEMM threads per run (default: cores / workers)")
    common = p.parse_args()
    common.lrs = common.lrs.split(",")
    common.ref_lrs = common.ref_lrs.split(",")
    common.threads = common.threads or max(1, (os.cpu_count() or 1) // common.workers)
    os.makedirs(common.out, exist_ok=True)
    jobs = []
    if common.suite == "shortcuts":
        wanted = common.remedies.split(",")
        if "relu+bn residual" in wanted:
            act, extra = REFERENCES["relu+bn residual"]
            jobs.append(("relu+bn residual", act, extra, True, common.ref_lrs, None))
        for act in common.activations.split(","):
            for name in common.shortcuts.split(","):
                extra, search = SHORTCUTS[name]
                jobs.append((name, act, extra, search, common.shortcut_lrs.split(","), None))
    elif common.suite == "optimizers":
        every = ["--eval-every", "47"]   # ten evaluations per epoch: steps to 80% within 47 steps
        for config in common.configs.split(","):
            act, extra = OPT_CONFIGS[config]
            for opt in common.optimizers.split(","):
                if opt == "rprop":
                    flags = extra + ["--optimizer", "rprop", "--data", RPROP_DATA, "--batch", "2000", "--eval-every", "10"]
                    jobs.append((f"{config} {opt}", act, flags, True, OPTIMIZERS[opt], 100))
                else:
                    jobs.append((f"{config} {opt}", act, extra + ["--optimizer", opt] + every, True, OPTIMIZERS[opt], None))
    else:
        wanted = common.remedies.split(",")
        for name, (act, extra) in REFERENCES.items():   # first: every row is judged against them
            if name in wanted:
                jobs.append((name, act, extra, True, common.ref_lrs, None))
        for act in common.activations.split(","):
            for name, extra in REMEDIES.items():
                if name in wanted:
                    jobs.append((name, act, extra, name != "auto", common.lrs, None))
    started = time.time()
    def safe_row(j):
        try:
            return row(j[0], j[1], j[2], j[3], common, j[4], j[5])
        except Exception as e:   # one broken row must not take the grid down
            print(f"{j[0]} {j[1]}: {e}", file=sys.stderr)
            return dict(activation=j[1], remedy=j[0], lr=None, run=None, summary=None, probes={})

    with concurrent.futures.ThreadPoolExecutor(common.workers) as pool:
        rows = list(pool.map(safe_row, jobs))
    if common.suite == "optimizers":
        print_optimizers(rows, common)
    else:
        print_remedies(rows)
    print(f"\n{len(rows)} rows, {time.time() - started:.0f} s in all, {common.workers} workers x {common.threads} threads")


def steps_to(run, target):
    with open(os.path.join(run, "metrics.jsonl")) as f:
        for line in f:
            m = json.loads(line)
            if "test_accuracy" in m and m["test_accuracy"] >= target:
                return m["step"]
    return None


def lr_cell(r):
    """The chosen lr, then every probed lr with its probe accuracy."""
    probes = ", ".join(f"{lr}: {fmt(a)}" for lr, a in r["probes"].items())
    return f"{r['lr']}" + (f" ({probes})" if probes else "")


def print_optimizers(rows, common):
    print("| network | optimizer | lr (probe accuracies) | steps to 80% | test accuracy (final / best) | wall |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        s = r["summary"]
        lr = lr_cell(r)
        if s is None:
            print(f"| {r['remedy']} | | {lr} | — | no run finished | — |")
            continue
        reached = steps_to(r["run"], 0.8)
        acc = f"{100 * s['test_accuracy']:.2f}% / {100 * s['best_test_accuracy']:.2f}%"
        acc += " (diverged)" if s["status"] == "diverged" else ""
        net, opt = r["remedy"].rsplit(" ", 1)
        print(f"| {net} | {opt} | {lr} | {reached if reached else 'not reached'} | {acc} | {s['wall_seconds']:.0f} s |")


def print_remedies(rows):
    print(f"| activation | remedy | lr (probe accuracies) | test accuracy | vanishing factor step 1 → end | wall |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        s = r["summary"]
        lr = lr_cell(r)
        if s is None:
            print(f"| {r['activation']} | {r['remedy']} | {lr} | no run finished | — | — |")
            continue
        acc = f"{100 * s['test_accuracy']:.2f}%" + (" (diverged)" if s["status"] == "diverged" else "")
        vf = f"{fmt(first_vanishing(r['run']))} → {fmt(s.get('vanishing_factor'))}"
        print(f"| {r['activation']} | {r['remedy']} | {lr} | {acc} | {vf} | {s['wall_seconds']:.0f} s |")


if __name__ == "__main__":
    main()

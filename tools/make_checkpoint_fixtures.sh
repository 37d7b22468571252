#!/bin/sh
# Makes the fixtures of CheckpointTorchFixtureTest: two small checkpoints trained by Saturn, a
# few rows of raw features for each, and the logits tools/checkpoint_to_torch.py computes for
# those rows in PyTorch (float32) from each checkpoint's metadata alone.
#
#     tools/make_checkpoint_fixtures.sh        # from the repository root; needs /usr/bin/python3 with torch
#
# mlp:  spirals, a user formula made TAT (its constants in the formula), LayerNorm, normalized residual blocks
# lstm: Fashion-MNIST rows (the embedded subset without a local copy), one LSTM layer of 8
set -eu
out=saturn-cli/src/test/resources/saturn/cli/checkpoint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

./saturn train --data "synthetic:spirals?n=256&test=64" --depth 3 --width 8 \
    --activation "x/sqrt(1+x^2) + 0.1*erf(x)" --transform tat --norm layer --residual normalized:0.8 \
    --batch 32 --threads 1 --max-steps 6 --seed 3 --out "$work/mlp" >/dev/null
cp "$work/mlp/checkpoints/step-6.safetensors" "$out/mlp.safetensors"
printf 'x0,x1\n0.5,-0.25\n1.0,2.0\n-0.3,0.1\n-1.2,0.8\n0,0\n' > "$out/mlp-rows.csv"

./saturn train --data fashion-mnist --layer lstm --activation tanh --sequence rows --depth 1 --width 8 \
    --batch 32 --threads 1 --max-steps 4 --seed 3 --out "$work/lstm" >/dev/null
cp "$work/lstm/checkpoints/step-4.safetensors" "$out/lstm.safetensors"
/usr/bin/python3 -c "
import random
random.seed(5)
for _ in range(3):
    print(','.join(str(random.randrange(256)) for _ in range(784)))" > "$out/lstm-rows.csv"

for name in mlp lstm; do
    /usr/bin/python3 tools/checkpoint_to_torch.py "$out/$name.safetensors" "$out/$name-rows.csv" \
        --out "$out/$name-torch-logits.csv"
done
ls -l "$out"

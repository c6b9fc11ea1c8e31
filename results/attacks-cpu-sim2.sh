#!/usr/bin/env bash
# The attacks behind results/attacks/cpu-sim2-*.json: the CPU-scale baseline (brain-adv train --preset cpu-sim2 ...,
# run folder runs/cpu-sim2) attacked on the real Kaggle test split. Each line wrote one JSON file.
set -eu
B=(--model runs/cpu-sim2 --data ../shared/data/brain-tumor-mri --json)
brain-adv attack "${B[@]}" --attack fgsm --eps 0.05 > results/attacks/cpu-sim2-fgsm-sim1.json
brain-adv attack "${B[@]}" --attack fgsm --eps 0.01 > results/attacks/cpu-sim2-fgsm-sim2.json
brain-adv attack "${B[@]}" --attack pgd --eps 0.05 --alpha 0.04 --steps 10 > results/attacks/cpu-sim2-pgd-sim1.json
brain-adv attack "${B[@]}" --attack pgd --eps 0.01 --alpha 0.002 --steps 10 > results/attacks/cpu-sim2-pgd-sim2.json
brain-adv attack "${B[@]}" --attack apgd-ce --eps 0.01 --limit 400 > results/attacks/cpu-sim2-apgd-ce-eps0.01.json
brain-adv attack "${B[@]}" --attack square --eps 0.01 --limit 100 > results/attacks/cpu-sim2-square-eps0.01.json

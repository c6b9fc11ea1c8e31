#!/usr/bin/env bash
# The defense table at CPU scale (results/defenses/*.json): the cpu-sim2 baseline (brain-adv train --preset cpu-sim2
# ..., run folder runs/cpu-sim2) defended with each method at Sim 2 (cpu-sim2: eps 0.01, PGD step 0.002) and Sim 1
# (cpu-sim1: eps 0.05, step 0.04), then every run evaluated under FGSM and 10-step PGD on a class-stratified subset of
# 300 Testing images, squeezed at test time where the defense squeezes (as the paper evaluates, and white-box with
# BPDA); the squeezing detector on the baseline; the blur's width. A finished step is skipped when the script runs
# again.
set -eu
D=../shared/data/brain-tumor-mri
N=300
budget() { [ "$1" = 1 ] && echo --eps 0.05 --alpha 0.04 --steps 10 || true; }
evaluate() {  # run, output name, extra flags
  local out=results/defenses/$2.json
  if [ ! -s "$out" ]; then brain-adv evaluate --model "$1" --data $D --attacks --limit $N --json "${@:3}" \
    > "$out.tmp"; mv "$out.tmp" "$out"; fi
}
detect() {  # sim
  local out=results/defenses/cpu-sim$1-detector.json
  if [ ! -s "$out" ]; then brain-adv detect --model runs/cpu-sim2 --data $D --limit $N --json $(budget $1) \
    > "$out.tmp"; mv "$out.tmp" "$out"; fi
}
defend() {  # sim, method, row name, extra flags
  local run=runs/cpu-sim$1-$3
  [ -s "$run/metrics.json" ] || brain-adv defend --model runs/cpu-sim2 --preset cpu-sim$1 --data $D --method "$2" \
    --out "$run" --quiet "${@:4}"
  python -c "import sys; from brain_adv.pipeline import run_summary, write_json
s = run_summary(sys.argv[1]); c = s.pop('clean')
s['clean_accuracy'], s['clean_accuracy_without_leaked'] = c['accuracy'], c['without_leaked']['accuracy']
write_json(sys.argv[2], s)" "$run" "results/defenses/cpu-sim$1-$3-train.json"
}
for sim in 2 1; do
  evaluate runs/cpu-sim2 cpu-sim$sim-baseline $(budget $sim)
  evaluate runs/cpu-sim2 cpu-sim$sim-squeeze $(budget $sim) --squeeze
done
detect 2
for sim in 2 1; do
  defend $sim fast fast;                     evaluate runs/cpu-sim$sim-fast cpu-sim$sim-fast
  defend $sim paper paper;                   evaluate runs/cpu-sim$sim-paper cpu-sim$sim-paper --squeeze
  defend $sim paper-static paper-static;     evaluate runs/cpu-sim$sim-paper-static cpu-sim$sim-paper-static --squeeze
  defend $sim madry madry;                   evaluate runs/cpu-sim$sim-madry cpu-sim$sim-madry
  defend $sim paper advtrain --no-squeeze;   evaluate runs/cpu-sim$sim-advtrain cpu-sim$sim-advtrain
done
detect 1
for sigma in 0.5 1.2 2.0; do evaluate runs/cpu-sim2 cpu-sim2-squeeze-sigma$sigma --squeeze --blur-sigma $sigma; done
# the earlier robust recipe (trained by results/standard-cpu.sh), under the same FGSM and PGD-10
for sim in 2 1; do
  if [ -s runs/cpu-sim$sim-robust/model.keras ]; then evaluate runs/cpu-sim$sim-robust cpu-sim$sim-robust \
    $(budget $sim); fi
done

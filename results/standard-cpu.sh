#!/usr/bin/env bash
# The standard worst-case evaluation (brain-adv evaluate --standard: APGD-CE, APGD-T, Square in a cascade, against what each run
# deploys) of the CPU-scale runs on the real data, at the CPU presets' settings (APGD 25 iterations, Square 500 queries;
# AutoAttack's standard is 100 and 5,000). The images: a class-stratified subset of the Testing images with no byte-identical
# copy in training (seed 42): 400 for the baseline, 200 for a defense (the first 200 of the same draw, so the two are compared
# on the same images), with the sanity checks on 100 and 50 of them. The baseline (runs/cpu-sim2, brain-adv train --preset
# cpu-sim2) at Sim 2 (eps 0.01) and Sim 1 (eps 0.05); each defense of results/defenses-cpu.sh whose run folder exists. JSON
# and per-image outcomes (CSV) in results/standard/. A finished evaluation is skipped; a stopped one resumes from its parts.
set -eu
D=../shared/data/brain-tumor-mri
standard() {  # run, output name, eps, images, sanity images
  local out=results/standard/$2.json
  [ -s "$1/model.keras" ] && [ -s "$1/metrics.json" ] || return 0
  if [ ! -s "$out" ]; then
    brain-adv evaluate --model "$1" --data $D --standard --eps "$3" --limit "$4" --iterations 25 --queries 500 --sanity-images "$5" \
      --outcomes "results/standard/$2-outcomes.csv" --json > "$out.tmp"
    mv "$out.tmp" "$out"
  fi
}
for sim in 2 1; do
  eps=$([ $sim = 1 ] && echo 0.05 || echo 0.01)
  standard runs/cpu-sim2 cpu-sim$sim-baseline $eps 400 100
  for row in paper paper-static fast madry advtrain; do standard runs/cpu-sim$sim-$row cpu-sim$sim-$row $eps 200 50; done
done

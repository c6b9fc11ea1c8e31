#!/usr/bin/env bash
# Screening at CPU scale on the real data. For the Sim 2 baseline (runs/cpu-sim2, brain-adv train --preset cpu-sim2) and
# the defense with the best worst case at Sim 2 (runs/cpu-sim2-madry, results/standard-cpu.sh): brain-adv package writes
# the deployable model and the model card (temperature, detector threshold at 5% false positives, referral threshold for
# at most 5% error, all fitted on the validation split; the rule measured on every de-duplicated test image and under
# PGD on 100), copied to results/screen/<run>-card.{json,md}; then the risk-coverage of the rule on 200 de-duplicated
# test images (seed 42): clean, under APGD-CE then targeted APGD-DLR (25 iterations) against what the run deploys, and
# under the detector-aware PGD (eps 0.01, alpha 0.002, 10 steps), in results/screen/<run>-risk-coverage.json. Finished
# steps are skipped.
set -eu
D=../shared/data/brain-tumor-mri
mkdir -p results/screen
for run in ${RUNS:-cpu-sim2 cpu-sim2-madry}; do
  [ -s runs/$run/model_card.json ] || brain-adv package --model runs/$run --data $D --quiet > /dev/null
  cp runs/$run/model_card.json results/screen/$run-card.json
  cp runs/$run/model_card.md results/screen/$run-card.md
  out=results/screen/$run-risk-coverage.json
  [ -s $out ] || python -c "import sys; from brain_adv.config import write_json
from brain_adv.screen import risk_coverage_run
write_json(sys.argv[2], risk_coverage_run(sys.argv[1], data=sys.argv[3], limit=200, n_iter=25, progress=False))" \
    runs/$run $out $D
done

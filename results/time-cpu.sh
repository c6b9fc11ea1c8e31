#!/usr/bin/env bash
# Robust accuracy against training minutes (results page, "Robustness bought per training minute"): the paper's
# adversarial training at Sim 2 without squeezing (deployed bare, as the robust recipe is), trained again from the
# cpu-sim2 baseline with --select robust, which measures PGD-10 from a random start on 200 fixed validation images after
# each epoch, for 4 epochs (about the robust recipe's 25 minutes here). Its training summary, with the per-epoch
# history: results/time/. The robust recipes' curves come from their own trainings (results/standard/*-train.json).
# Skips the training when its run is finished.
set -eu
D=../shared/data/brain-tumor-mri
run=runs/cpu-sim2-advtrain-timed
[ -s "$run/metrics.json" ] || brain-adv defend --model runs/cpu-sim2 --preset cpu-sim2 --data $D --method paper \
  --no-squeeze --select robust --epochs 4 --out "$run" --quiet
mkdir -p results/time
python -c "import sys; from brain_adv.pipeline import run_summary, write_json
write_json(sys.argv[2], run_summary(sys.argv[1]))" \
  "$run" results/time/cpu-sim2-advtrain-train.json

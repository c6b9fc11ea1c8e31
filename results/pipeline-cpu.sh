#!/usr/bin/env bash
# The whole job at CPU scale on the real data, Sim 2: brain-adv run --preset cpu-sim2, its numbers kept in
# results/pipeline-cpu-sim2.json (brain_adv.pipeline.results_summary of the run folder; no images, no models).
# The baseline (runs/cpu-sim2) and the paper-method defense (runs/cpu-sim2-paper) of results/defenses-cpu.sh were
# trained with the same preset and seed; when they exist they are copied into the run folder, where brain-adv run finds
# them finished and goes on to attack, evaluate and report. Without them it trains both. A finished step is skipped.
set -eu
D=../shared/data/brain-tumor-mri
R=runs/real-cpu-sim2
if [ ! -d $R ] && [ -s runs/cpu-sim2/metrics.json ] && [ -s runs/cpu-sim2-paper/metrics.json ]; then
  mkdir -p $R && cp -r runs/cpu-sim2 $R/baseline && cp -r runs/cpu-sim2-paper $R/defended
  python -c "
import sys
from brain_adv.config import get_preset, load_config, save_config
cfg = get_preset('cpu-sim2')
for d in sys.argv[1:]:
    old = load_config(d + '/config.yaml')
    assert all(getattr(old, s) == getattr(cfg, s)
               for s in ('seed', 'data', 'model', 'train', 'attack', 'squeeze', 'advtrain')), d
    save_config(cfg, d + '/config.yaml')" $R/baseline $R/defended
fi
brain-adv run --preset cpu-sim2 --data $D --out $R --quiet
python -c "import sys; from brain_adv.pipeline import results_summary, write_json
write_json(sys.argv[2], results_summary(sys.argv[1]))" $R results/pipeline-cpu-sim2.json

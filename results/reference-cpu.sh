#!/usr/bin/env bash
# The reference row (results/reference/config.yaml): a plain recipe trained with the project's commands, then measured
# by the standard evaluation on the copy-free development images (APGD 25 iterations, Square 500 queries, sanity checks
# on 50 images), as every defense row. JSON, per-image outcomes and the training summaries in results/reference/.
set -eu
D=../shared/data/brain-tumor-mri C=results/reference/config.yaml O=results/reference
[ -s runs/cpu-sim2-ref-base/model.keras ] || brain-adv train --config $C --data $D --out runs/cpu-sim2-ref-base --quiet
[ -s runs/cpu-sim2-reference/metrics.json ] || brain-adv defend --model runs/cpu-sim2-ref-base --config $C --data $D \
  --out runs/cpu-sim2-reference --quiet --no-package
for run in cpu-sim2-ref-base cpu-sim2-reference; do
  python -c "import sys; from brain_adv.pipeline import run_summary, write_json
write_json(sys.argv[2], run_summary(sys.argv[1]))" \
    runs/$run $O/$run-train.json
done
if [ ! -s $O/cpu-sim2-reference.json ]; then
  brain-adv evaluate --model runs/cpu-sim2-reference --data $D --standard --set development --eps 0.01 --iterations 25 \
    --queries 500 --sanity-images 50 --outcomes $O/cpu-sim2-reference-outcomes.csv \
    --json > $O/cpu-sim2-reference.json.tmp
  mv $O/cpu-sim2-reference.json.tmp $O/cpu-sim2-reference.json
fi

#!/usr/bin/env bash
# The defense table after the training fixes (TRADES and MART from logits, no dropout in robust training, deployed as
# trained, per-class robust selection): each row is results/advtrain/<row>.yaml, the cpu-sim2 settings on the whole
# training split with 60 minutes of adversarial training (30 epochs at most; run alone on the 2 cores: the budget is
# wall-clock), trained from the cpu-sim2 baseline of the committed rows (brain-adv train --preset cpu-sim2
# --no-group-near-copies), then measured by the standard evaluation on the copy-free development images (APGD 25
# iterations, Square 500 queries, sanity checks on 50 of them). Training summaries, JSON and per-image outcomes in
# results/advtrain/. ROWS picks the rows, in order; a row ending in -sK trains its recipe with seed K (on the same
# splits); a row whose name holds sim1 is at Sim 1 (its yaml has preset cpu-sim1, and it is evaluated at eps 0.05). A
# finished row is skipped; a stopped one resumes.
set -eu
D=../shared/data/brain-tumor-mri O=results/advtrain
[ -s runs/cpu-sim2/model.keras ] || brain-adv train --preset cpu-sim2 --data $D --out runs/cpu-sim2 --quiet \
  --no-group-near-copies
for row in ${ROWS:-recipe paper trades n-fgsm madry mart fast recipe-sim1 trades-sim1}; do
  [ -s $O/$row.json ] && continue
  recipe=${row%-s[0-9]*} run=runs/cpu-sim2-60min-$row seed=
  [ "$row" != "$recipe" ] && seed="--seed ${row##*-s}"
  [ -s $run/metrics.json ] || brain-adv defend --model runs/cpu-sim2 --config $O/$recipe.yaml --data $D --out $run \
    --quiet --no-package $seed
  python -c "import sys; from brain_adv.pipeline import run_summary, write_json
write_json(sys.argv[2], run_summary(sys.argv[1]))" \
    $run $O/$row-train.json
  eps=0.01; case $row in *sim1*) eps=0.05 ;; esac
  brain-adv evaluate --model $run --data $D --standard --set development --eps $eps --iterations 25 --queries 500 \
    --sanity-images 50 --outcomes $O/$row-outcomes.csv --json > $O/$row.json.tmp
  mv $O/$row.json.tmp $O/$row.json
done

#!/usr/bin/env bash
# The final rows measured once on the confirmation images (copy-free test images outside the development draw), beside
# their development numbers, at the CPU settings of results/standard-cpu.sh (APGD 25 iterations, Square 500 queries), a
# stratified 200 of the 686 confirmation images. The runs are trained again with the commands of results/standard-cpu.sh
# (the baseline `brain-adv train --preset cpu-sim2`, the paper's method `brain-adv defend --method paper`), with the data
# settings those rows were trained with (near copies not yet grouped in the validation split). Each row deploys what its
# run deploys; the sanity checks ran on the development rows and are not repeated. JSON and per-image outcomes in
# results/confirmation/. Rows: ROWS (default: baseline paper), each evaluated on the development then the confirmation set.
set -eu
D=../shared/data/brain-tumor-mri
mkdir -p results/confirmation
[ -s runs/cpu-sim2/model.keras ] || brain-adv train --preset cpu-sim2 --data $D --out runs/cpu-sim2 --quiet --no-group-near-copies
[ -s runs/cpu-sim2-paper/model.keras ] || brain-adv defend --model runs/cpu-sim2 --preset cpu-sim2 --data $D --method paper \
  --out runs/cpu-sim2-paper --quiet
for row in ${ROWS:-baseline paper}; do
  run=runs/cpu-sim2$([ "$row" = baseline ] || echo "-$row")
  for set in development confirmation; do
    out=results/confirmation/cpu-sim2-$row-$set
    [ -s "$out.json" ] && continue
    brain-adv evaluate --model "$run" --data $D --standard --set $set $([ $set = confirmation ] && echo "--limit 200" || true) \
      --eps 0.01 --iterations 25 --queries 500 --no-sanity --outcomes "$out-outcomes.csv" --json > "$out.json.tmp"
    mv "$out.json.tmp" "$out.json"
  done
done

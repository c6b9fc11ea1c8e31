#!/usr/bin/env bash
# The final rows measured once on the confirmation images (copy-free test images outside the development draw), beside
# their development numbers, at the CPU settings of results/standard-cpu.sh (APGD 25 iterations, Square 500 queries), on
# a stratified 200 of the 686 confirmation images. The runs are trained again with the commands of the committed rows
# and the data settings those rows were trained with (near copies not yet grouped in the validation split): the baseline
# `brain-adv train --preset cpu-sim2 --no-group-near-copies` (it reproduces the committed baseline to the last digit), a
# defense with its row's command in results/standard-cpu.sh (rows paper, advtrain, robust; the paper's method was
# trained here with `--config runs/cpu-sim2/config.yaml`, the same settings). Each row deploys what its run deploys; the
# attack sanity checks ran on the development rows and are not repeated. The recipe row measures the run of
# results/advtrain-cpu.sh's recipe row on the confirmation images only: its development numbers are
# results/advtrain/recipe.json (ROWS=recipe bash results/confirm-cpu.sh); so for n-fgsm (plain N-FGSM, the other
# cpu-robust candidate) and for trades-sim1, the cpu-robust-sim1 recipe, measured at Sim 1 (eps 0.05) against
# results/advtrain/trades-sim1.json. JSON and per-image outcomes in results/confirmation/. ROWS (default: baseline
# paper): each row is evaluated on the confirmation set, then on the development set (for the baseline, the committed
# outcomes already hold the development images of the same model; SETS=confirmation skips them).
set -eu
D=../shared/data/brain-tumor-mri
mkdir -p results/confirmation
[ -s runs/cpu-sim2/model.keras ] || brain-adv train --preset cpu-sim2 --data $D --out runs/cpu-sim2 --quiet \
  --no-group-near-copies
for row in ${ROWS:-baseline paper}; do
  run=runs/cpu-sim2$([ "$row" = baseline ] || echo "-$row") sets=${SETS:-confirmation development}
  # the runs of results/advtrain-cpu.sh's rows; their development numbers are results/advtrain/$row.json
  case $row in recipe|n-fgsm|trades-sim1) run=runs/cpu-sim2-60min-$row sets=${SETS:-confirmation} ;; esac
  how=
  case $row in  # the commands of results/standard-cpu.sh's rows; defend keeps the base run's near-copy grouping
    paper) how="--preset cpu-sim2 --method paper" ;;
    advtrain) how="--preset cpu-sim2 --method paper --no-squeeze" ;;
    robust) how="--config results/standard/robust.yaml --method fast" ;;
  esac
  # recipe, n-fgsm and trades-sim1 are confirmed on the development row's own model, never on a new training
  if [ -n "$how" ]; then
    [ -s "$run/model.keras" ] || brain-adv defend --model runs/cpu-sim2 $how --data $D --out "$run" --quiet
  elif [ "$row" != baseline ] && [ ! -s "$run/model.keras" ] \
    && [ ! -s results/confirmation/cpu-sim2-$row-confirmation.json ]; then
    echo "$run/model.keras is missing: run ROWS=$row bash results/advtrain-cpu.sh first" >&2
    exit 2
  fi
  eps=0.01; case $row in *sim1) eps=0.05 ;; esac
  for set in $sets; do
    out=results/confirmation/cpu-sim2-$row-$set
    [ -s "$out.json" ] && continue
    brain-adv evaluate --model "$run" --data $D --standard --set $set \
      $([ $set = confirmation ] && echo "--limit 200" || true) --eps $eps --iterations 25 --queries 500 --no-sanity \
      --outcomes "$out-outcomes.csv" --json > "$out.json.tmp"
    mv "$out.json.tmp" "$out.json"
  done
done

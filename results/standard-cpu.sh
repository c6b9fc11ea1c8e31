#!/usr/bin/env bash
# The standard worst-case evaluation (brain-adv evaluate --standard: APGD-CE, APGD-T, Square in a cascade, against what
# each run deploys) of the CPU-scale runs on the real data, at the CPU presets' settings (APGD 25 iterations, Square 500
# queries; AutoAttack's standard is 100 and 5,000). The images: a class-stratified subset of the Testing images with no
# byte-identical copy in training (seed 42): 400 for the baseline, 200 for a defense (the first 200 of the same draw, so
# the two are compared on the same images), with the sanity checks on 100 and 50 of them. The baseline (runs/cpu-sim2,
# brain-adv train --preset cpu-sim2) at Sim 2 (eps 0.01) and Sim 1 (eps 0.05); each defense of results/defenses-cpu.sh,
# trained from that baseline when its run folder is missing (training summary in results/standard/<row>-train.json).
# JSON and per-image outcomes (CSV) in results/standard/. A finished evaluation is skipped, and so is the training of
# its row; a stopped one resumes from its parts. Rows in the order given by ROWS (default: all, in the order they were
# added). Row `robust` is the earlier robust recipe (results/standard/robust.yaml, robust-sim1.yaml at Sim 1),
# `robust-trades` the same recipe with TRADES (beta 6) on examples from 3 PGD steps (defend --train-steps 3
# --train-alpha 2.5 eps / 3); a row ending in -sK trains with seed K (robust-s1: the recipe again with training seed 1,
# on the same splits and test images); a row ending in -squeezed evaluates that row's run behind the squeezers (BPDA),
# as test-time squeezing would deploy it. A -sK row runs the cascade without the sanity checks (--no-sanity): they check
# the evaluation of the method, done on its first seed (the row without -sK, trained with the base run's seed, 42).
set -eu
D=../shared/data/brain-tumor-mri
standard() {  # run, output name, eps, images, sanity images[, more flags]
  local out=results/standard/$2.json
  [ -s "$1/model.keras" ] && [ -s "$1/metrics.json" ] || return 0
  if [ ! -s "$out" ]; then
    brain-adv evaluate --model "$1" --data $D --standard --eps "$3" --limit "$4" --iterations 25 --queries 500 \
      --sanity-images "$5" --outcomes "results/standard/$2-outcomes.csv" --json ${6:-} > "$out.tmp"
    mv "$out.tmp" "$out"
  fi
}
# sim, row (a method; advtrain: the paper's without squeezing; robust: the earlier robust recipe; -sK: seed K)
defend() {
  local run=runs/cpu-sim$1-$2 method=${2%-s[0-9]*} base="--preset cpu-sim$1" extra=
  local earlier="--config results/standard/robust$([ $1 = 1 ] && echo -sim1 || true).yaml"
  [ "$2" != "$method" ] && extra="--seed ${2##*-s}"
  [ "$method" = advtrain ] && method=paper extra="$extra --no-squeeze"
  [ "$method" = robust ] && method=fast base=$earlier
  if [ "$method" = robust-trades ]; then  # the robust recipe with TRADES, its examples from 3 PGD steps of 2.5 eps / 3
    method=trades base=$earlier
    extra="$extra --train-steps 3 --train-alpha $([ $1 = 1 ] && echo 0.0417 || echo 0.0083)"
  fi
  [ -s "$run/metrics.json" ] && [ -s "$run/model.keras" ] && return 0
  brain-adv defend --model runs/cpu-sim2 $base --data $D --method $method --out "$run" --quiet $extra
  python -c "import sys; from brain_adv.pipeline import run_summary, write_json
write_json(sys.argv[2], run_summary(sys.argv[1]))" \
    "$run" "results/standard/cpu-sim$1-$2-train.json"
}
for sim in 2 1; do standard runs/cpu-sim2 cpu-sim$sim-baseline $([ $sim = 1 ] && echo 0.05 || echo 0.01) 400 100; done
for sim in 2 1; do standard runs/cpu-sim2 cpu-sim$sim-squeeze $([ $sim = 1 ] && echo 0.05 || echo 0.01) 200 50 \
  --squeeze; done  # squeezing alone
ALL="2:fast 2:paper-static 2:paper 1:fast 1:paper-static 1:paper 2:madry 1:madry 2:advtrain 1:advtrain 2:robust 1:robust
     2:robust-squeezed 2:robust-trades 1:robust-trades 2:robust-s1 2:robust-s2 2:trades 2:mart 1:trades 1:mart
     1:robust-squeezed 2:paper-s1 2:paper-s2 1:paper-s1 1:paper-s2"
for item in ${ROWS:-$ALL}; do
  sim=${item%%:*} row=${item#*:}
  [ -s "results/standard/cpu-sim$sim-$row.json" ] && continue  # evaluated already: no training either
  trained=${row%-squeezed}  # ROW-squeezed: ROW's run, deployed behind the squeezers at test time
  defend $sim $trained
  standard runs/cpu-sim$sim-$trained cpu-sim$sim-$row $([ $sim = 1 ] && echo 0.05 || echo 0.01) 200 50 \
    "$([ "$row" != "$trained" ] && echo --squeeze || true) $([ "$trained" != "${trained%-s[0-9]*}" ] &&
      echo --no-sanity || true)"
done

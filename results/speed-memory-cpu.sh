#!/usr/bin/env bash
# Scale and speed on this CPU (results on the results page): the throughput table, the input pipeline against memory,
# the latency of screening (one image and a folder of 200 slices through predict) and its engines and int8 (these two
# need pip install -e ".[bench]"),
# the accuracy under attack in bfloat16, and the peak memory of evaluating a 128 px model on the whole test split.
# Run from the repository root on a quiet machine, with BRAIN_ADV_VGG16_WEIGHTS set; a finished step is skipped.
set -eu
D=../shared/data/brain-tumor-mri
once() {  # output file, command...
  [ -s "$1" ] || { "${@:2}" > "$1.tmp"; mv "$1.tmp" "$1"; }
}
once results/benchmark-throughput-cpu.txt python benchmarks/throughput.py --sizes 64 128 --repeats 3
once results/benchmark-pipeline-cpu.txt python benchmarks/throughput.py --sizes 64 128 --repeats 3 --data $D \
  --pipeline-only
for run in cpu-sim2:baseline cpu-sim2-paper:paper; do
  flags=$([ "${run#*:}" = paper ] && echo --squeeze || true)
  once results/compute/cpu-sim2-${run#*:}-bfloat16.json brain-adv evaluate --model runs/${run%%:*} --data $D --attacks \
    --limit 300 --json --mixed-precision bfloat16 $flags
done
[ -s runs/mem-128/model.keras ] || brain-adv train --preset paper-sim2 --data $D --out runs/mem-128 \
  --train-per-class 8 --epochs-frozen 1 --epochs-finetune 1 --quiet > /dev/null
[ -s results/memory-cpu.json ] || python benchmarks/peak_memory.py --model runs/mem-128 --data $D \
  --out results/memory-cpu.json
R="runs/cpu-sim2-advtrain runs/cpu-sim2-paper"
once results/benchmark-screen-cpu.txt python benchmarks/screen_latency.py --sizes 64 128 --folder 200 --repeats 20 \
  --data $D --runs $R
once results/benchmark-screen-engines-cpu.txt python benchmarks/screen_engines.py --runs $R --data $D
once results/benchmark-screen-int8-cpu.txt python benchmarks/screen_int8.py --runs $R --data $D
once results/benchmark-screen-decisions-cpu.txt python benchmarks/screen_decisions.py runs/cpu-sim2-paper \
  runs/cpu-sim2-advtrain --data $D

"""Throughput of training, FGSM, PGD-10 and adversarial training on the paper's VGG16 classifier, with and without mixed
precision and XLA, next to ART where ART has the same operation; optionally the input pipeline against data in memory.

Prints one table (images per second, batch 32, medians over repeats; an operation whose repeats would take longer than
`--budget` seconds is timed fewer times, at least once). With `--data`, first a table of training epochs fed from files
and from memory, alternated, each side's best epoch compared (interference only ever slows an epoch down). The same
script runs unchanged on a CPU or a GPU: mixed precision means `compute.mixed_precision = "auto"` (float16 on a GPU,
bfloat16 on a CPU that has it). Run on a quiet machine:

    python benchmarks/throughput.py --sizes 64 128 --repeats 3 [--data ../shared/data/brain-tumor-mri]
"""
import argparse, os, platform, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
import tensorflow as tf
from brain_adv import attacks as A
from brain_adv.advtrain import make_trainer
from brain_adv.config import AttackConfig, ComputeConfig, DataConfig, ModelConfig, SqueezeConfig
from brain_adv.model import build_model, compile_for, precision_policy, set_phase, use_compute
from attack_speed import art_attacks, timed

def measure(size: int, mixed: bool, xla: bool, repeats: int, with_art: bool, budget: float = 60, batch: int = 32,
            eps=0.01, alpha=0.002) -> dict:
    "Seconds per batch of each operation for one model built under one precision and XLA setting."
    use_compute(ComputeConfig(mixed_precision="auto" if mixed else "off", jit_compile=xla))
    weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
    model = build_model(ModelConfig(weights=weights), size)
    set_phase(model, "finetune", 10)
    compile_for(model, 1e-4)
    rng = np.random.default_rng(0)
    x, y = rng.random((batch, size, size, 3), dtype=np.float32), rng.integers(0, 4, batch).astype(np.int32)
    trainer = make_trainer(model, "paper", AttackConfig(eps, eps, alpha, 10), SqueezeConfig(), 1e-4)
    ops = {"train": lambda: model.train_on_batch(x, y), "fgsm": lambda: A.fgsm(model, x, y, eps),
           "pgd10": lambda: A.pgd(model, x, y, eps, alpha, 10),
           "advtrain (paper)": lambda: trainer.train_on_batch(x, y)}
    if with_art:
        art_fgsm, art_pgd = art_attacks(model, eps, alpha, size)
        ops.update({"fgsm (ART)": lambda: art_fgsm.generate(x, y=y), "pgd10 (ART)": lambda: art_pgd.generate(x, y=y)})
    out = {k: timed(fn, repeats, budget) for k, fn in ops.items()}
    use_compute(ComputeConfig())
    return out

def input_pipeline(data: str, size: int, repeats: int, batches: int = 20, batch: int = 32) -> dict:
    "Training images/s per epoch from the file pipeline (`make_dataset`) and by the same images in memory, alternated."
    from brain_adv.data import audit_folder, make_dataset, make_splits
    sp = make_splits(audit_folder(data, progress=False), DataConfig(image_size=size), 0)
    recs, labels = sp.train[:batches * batch], sp.labels("train")[:batches * batch]
    files = make_dataset(recs, labels, size, batch, shuffle=True, seed=0)
    x, y = [np.concatenate(t) for t in zip(*[(a.numpy(), b.numpy()) for a, b in files])]
    memory = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=0).batch(batch)
    weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
    model = build_model(ModelConfig(weights=weights), size)
    compile_for(model, 1e-3)
    feeds, times = {"files": files, "memory": memory}, {"files": [], "memory": []}
    for ds in feeds.values(): model.fit(ds, epochs=1, verbose=0)
    for _ in range(repeats):
        for name, ds in feeds.items():
            t = time.perf_counter(); model.fit(ds, epochs=1, verbose=0); times[name].append(time.perf_counter() - t)
    return {k: [len(x) / t for t in v] for k, v in times.items()}

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[64, 128])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--budget", type=float, default=60,
                   help="seconds of repeats an operation may take after its warm-up")
    p.add_argument("--data", help="a dataset folder: also measure the input pipeline against the same images in memory")
    p.add_argument("--pipeline-only", action="store_true", help="with --data: only the input-pipeline table")
    a = p.parse_args()
    gpus = [d.name for d in tf.config.list_physical_devices("GPU")]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, GPUs: {gpus or 'none'}; mixed precision here: "
          f"{precision_policy('auto')}")
    print(f"tensorflow {tf.__version__}, keras {keras.__version__}; VGG16 classifier, batch 32, images/s, "
          f"median of up to {a.repeats} (fewer where they would take over {a.budget:.0f} s)\n")
    if a.data: pipeline_table(a.data, a.sizes, a.repeats)
    if not a.pipeline_only: operations_table(a.sizes, a.repeats, a.budget)

def pipeline_table(data: str, sizes: list, repeats: int):
    "Print training throughput from files and from memory (best epoch, and every epoch), each size in a fresh model."
    print(f"{'size':>5} {'from files img/s':>17} {'from memory img/s':>18} {'files / memory':>15}   "
          "every epoch (files | memory)")
    for size in sizes:
        r = input_pipeline(data, size, repeats)
        files, memory = max(r["files"]), max(r["memory"])
        each = " | ".join(" ".join(f"{v:.1f}" for v in r[k]) for k in ("files", "memory"))
        print(f"{size:>5} {files:>17.1f} {memory:>18.1f} {files / memory:>15.2f}   {each}", flush=True)
    print()

def operations_table(sizes: list, repeats: int, budget: float):
    "Print the throughput of each operation under each precision and XLA setting."
    variants = [(False, False), (True, False), (False, True), (True, True)]
    names = ["train", "fgsm", "fgsm (ART)", "pgd10", "pgd10 (ART)", "advtrain (paper)"]
    print(f"{'size':>5} {'precision':>10} {'XLA':>4} " + " ".join(f"{n:>16}" for n in names))
    for size in sizes:
        for mixed, xla in variants:
            t = measure(size, mixed, xla, repeats, with_art=not (mixed or xla), budget=budget)
            cells = [f"{32 / t[n]:>16.1f}" if n in t else f"{'':>16}" for n in names]
            print(f"{size:>5} {'mixed' if mixed else 'float32':>10} {'on' if xla else 'off':>4} " + " ".join(cells),
                  flush=True)

if __name__ == "__main__":
    main()

"""Throughput of FGSM and PGD-10 on the paper's VGG16 classifier: brain_adv against ART on the same model, in one run.

Prints one table (images per second, batch 32, medians over repeats, the two sides alternated) and the ratio of
PGD-10's time to ten input-gradient times. Run on a quiet machine:

    python benchmarks/attack_speed.py --sizes 64 128 --repeats 3
"""
import argparse, os, platform, statistics, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
import tensorflow as tf
from brain_adv import attacks as A
from brain_adv.config import ModelConfig
from brain_adv.model import build_model, logits_model

def art_attacks(model, eps, alpha, size):
    from art.attacks.evasion import FastGradientMethod, ProjectedGradientDescent
    from art.estimators.classification import TensorFlowV2Classifier
    clf = TensorFlowV2Classifier(model=logits_model(model), nb_classes=4, input_shape=(size, size, 3),
                                 clip_values=(0.0, 1.0),
                                 loss_object=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return (FastGradientMethod(clf, eps=eps, batch_size=32),
            ProjectedGradientDescent(clf, eps=eps, eps_step=alpha, max_iter=10, num_random_init=0, batch_size=32,
                                     verbose=False))

def timed(fn, repeats, budget=None):
    "Median seconds of `fn()` over `repeats` calls after a warm-up; fewer (at least one) past `budget` seconds."
    t = time.perf_counter(); fn(); warm = time.perf_counter() - t
    if budget: repeats = max(1, min(repeats, int(budget // warm)))
    out = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); out.append(time.perf_counter() - t)
    return statistics.median(out)

def measure(size, repeats, batch=32, eps=0.01, alpha=0.002):
    weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
    model = build_model(ModelConfig(weights=weights), size)
    rng = np.random.default_rng(0)
    x = rng.random((batch, size, size, 3), dtype=np.float32)
    y = rng.integers(0, 4, batch).astype(np.int32)
    art_fgsm, art_pgd = art_attacks(model, eps, alpha, size)
    f = A.logits_of(model)
    grad = tf.function(lambda xb, yb: A._loss_grad(f, xb, yb)[1])
    xt, yt = tf.constant(x), tf.constant(y)
    sides = {"gradient": lambda: grad(xt, yt).numpy(),
             "fgsm": lambda: A.fgsm(model, x, y, eps), "fgsm_art": lambda: art_fgsm.generate(x, y=y),
             "pgd10": lambda: A.pgd(model, x, y, eps, alpha, 10), "pgd10_art": lambda: art_pgd.generate(x, y=y)}
    for fn in sides.values(): fn()
    times = {k: [] for k in sides}
    for _ in range(repeats):
        for k, fn in sides.items(): times[k].append(timed(fn, 1))
    return {k: statistics.median(v) for k, v in times.items()}

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[64, 128])
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, GPUs: "
          f"{[d.name for d in tf.config.list_physical_devices('GPU')] or 'none'}")
    print(f"tensorflow {tf.__version__}, keras {keras.__version__}; VGG16 classifier, batch 32, "
          f"median of {a.repeats}\n")
    print(f"{'size':>5} {'attack':>7} {'brain_adv img/s':>16} {'ART img/s':>10} {'speed-up':>9}")
    rows = []
    for size in a.sizes:
        t = measure(size, a.repeats)
        for name in ("fgsm", "pgd10"):
            ours, art = 32 / t[name], 32 / t[name + "_art"]
            print(f"{size:>5} {name:>7} {ours:>16.1f} {art:>10.1f} {ours / art:>8.2f}x")
        rows.append((size, t["pgd10"] / (10 * t["gradient"]), 32 / t["gradient"]))
    print(f"\n{'size':>5} {'gradient img/s':>15} {'PGD-10 / 10 gradients':>22}")
    for size, ratio, g in rows: print(f"{size:>5} {g:>15.1f} {ratio:>22.3f}")

if __name__ == "__main__":
    main()

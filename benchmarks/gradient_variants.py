"""Input-gradient throughput of the paper's VGG16 classifier compiled three ways: a plain tf.function, XLA
(jit_compile), and a graph with the weights frozen into constants. FGSM is one input gradient, so this bounds how fast
brain_adv's FGSM can be.

Prints one table (images per second, batch 32, median of repeats, the variants alternated). Run on a quiet machine:

    python benchmarks/gradient_variants.py --size 64 --repeats 3
"""
import argparse, os, platform, statistics, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
from brain_adv import attacks as A
from brain_adv.config import ModelConfig
from brain_adv.model import build_model

def variants(model, size):
    f = A.logits_of(model)
    grad = lambda xb, yb: A._loss_grad(f, xb, yb)[1]
    plain, xla = tf.function(grad), tf.function(grad, jit_compile=True)
    spec = tf.TensorSpec((None, size, size, 3), tf.float32), tf.TensorSpec((None,), tf.int32)
    frozen = convert_variables_to_constants_v2(plain.get_concrete_function(*spec))
    return {"tf.function": plain, "XLA (jit_compile)": xla, "frozen weights": lambda xb, yb: frozen(xb, yb)[0]}

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--calls", type=int, default=3, help="gradient calls per timing")
    a = p.parse_args()
    weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
    model = build_model(ModelConfig(weights=weights), a.size)
    rng = np.random.default_rng(0)
    x = tf.constant(rng.random((32, a.size, a.size, 3), dtype=np.float32))
    y = tf.constant(rng.integers(0, 4, 32), tf.int32)
    fns = variants(model, a.size)
    reference = fns["tf.function"](x, y).numpy()
    times = {k: [] for k in fns}
    for k, fn in fns.items(): np.testing.assert_allclose(fn(x, y).numpy(), reference, atol=1e-4)
    for _ in range(a.repeats):
        for k, fn in fns.items():
            t = time.perf_counter()
            for _ in range(a.calls): fn(x, y).numpy()
            times[k].append(time.perf_counter() - t)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs; tensorflow {tf.__version__}; VGG16 at {a.size} px, "
          f"batch 32, median of {a.repeats} x {a.calls} calls\n")
    print(f"{'variant':20} {'gradient img/s':>15}")
    for k, v in times.items(): print(f"{k:20} {32 * a.calls / statistics.median(v):>15.1f}")

if __name__ == "__main__":
    main()

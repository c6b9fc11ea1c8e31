"""Could another inference engine or precision screen a 128 px image in under 100 ms on this CPU with the same
decisions? For each packaged run (the classifier, card and deployment of a trained run, resized as in
`screen_latency.py`), one image's views (the image, its three detector squeezes and, behind squeezers, the squeezed
image) go through the classifier in TensorFlow float32 and bfloat16 and in OpenVINO float32, bfloat16 and int8
(post-training quantization by NNCF, calibrated on the views of training images; what it leaves unquantized runs in
OpenVINO's default precision, bfloat16 on a CPU with bfloat16 instructions), side by side in one run. Prints per engine:
the median milliseconds for one image (views, classifier pass and the numbers that decide), the largest change against
TensorFlow float32 in a calibrated probability and in a detector score on test images, the share of those images near a
decision boundary at that largest change (they must be answered again in float32 for the decisions to stay float32's; an
allowance fitted to the same images, so the share is a lower bound), and the mean milliseconds per image that follows
(one image, plus that share of a float32 image). Needs `pip install -e ".[bench]"` (OpenVINO and NNCF); run on a quiet
machine:

    python benchmarks/screen_engines.py --runs runs/cpu-sim2-advtrain runs/cpu-sim2-paper \
        --data ../shared/data/brain-tumor-mri
"""
import argparse, os, platform, shutil, statistics, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from screen_latency import packaged_run
from brain_adv.data import load_image
from brain_adv.screen import Screener, near_boundary, screening_views

def images(data: str, split: str, n: int, size: int) -> np.ndarray:
    "`n` images of a split of the dataset, drawn with a fixed seed, at `size` px."
    files = sorted(Path(data, split).rglob("*.jpg"))
    return np.stack([load_image(files[i], size) for i in np.random.default_rng(0).choice(len(files), n, replace=False)])

def view_parts(screener: Screener):
    "A screener's views function and its logits to float64 (probabilities, scores), compiled as the screener does."
    import tensorflow as tf
    views, outcomes = screening_views(screener.model, screener.detector.cfg)
    views = tf.function(views, input_signature=[tf.TensorSpec((None, *screener.model.input_shape[1:]), tf.float32)])
    outcomes = tf.function(outcomes, input_signature=[tf.TensorSpec((None, len(screener.classes)), tf.float32)])
    return views, lambda z: tuple(t.numpy().astype(np.float64) for t in outcomes(z))

def tf_logits(classifier, policy: str = "float32"):
    "The classifier's logits, computed in `policy`, as a compiled TensorFlow function of a float32 batch of views."
    import tensorflow as tf
    from brain_adv.attacks import logits_of
    from brain_adv.model import computing_in
    model = classifier if policy == "float32" else computing_in(classifier, policy)
    spec = [tf.TensorSpec((None, *classifier.input_shape[1:]), tf.float32)]
    return tf.function(logits_of(model), input_signature=spec)

def quantized(model, calibration_views: np.ndarray, **settings):
    "An OpenVINO model quantized to int8 by NNCF after training, calibrated on `calibration_views` in batches of 5."
    import nncf
    batches = [calibration_views[i:i + 5] for i in range(0, len(calibration_views), 5)]
    return nncf.quantize(model, nncf.Dataset(batches), subset_size=len(batches), **settings)

def infer(core, model, hint: str | None = None):
    "An OpenVINO model compiled for this CPU for latency (`hint`: its inference precision) as a function of a batch."
    settings = {"PERFORMANCE_HINT": "LATENCY", **({"INFERENCE_PRECISION_HINT": hint} if hint else {})}
    r = core.compile_model(model, "CPU", settings).create_infer_request()
    return lambda v: r.infer({0: v})[0]

def screen_each(views, decide, fn, x: np.ndarray) -> list:
    "Probabilities and detector scores of images `x`, one image at a time as the screener sees them, logits from `fn`."
    return [np.concatenate(a) for a in zip(*(decide(fn(views(x[i:i + 1]).numpy())) for i in range(len(x))))]

def engines(classifier, calibration: np.ndarray) -> dict:
    "Functions from a batch of views to logits: TensorFlow float32 and bfloat16, OpenVINO float32, bfloat16, int8."
    import openvino as ov
    f32, bf16 = tf_logits(classifier), tf_logits(classifier, "bfloat16")
    converted, core = ov.convert_model(f32.get_concrete_function()), ov.Core()
    return {"tensorflow float32": lambda v: f32(v).numpy(), "tensorflow bfloat16": lambda v: bf16(v).numpy(),
            "openvino float32": infer(core, converted, "f32"), "openvino bfloat16": infer(core, converted, "bf16"),
            "openvino int8": infer(core, quantized(converted, calibration))}

def measure(run: Path, test: np.ndarray, calibration: np.ndarray, repeats: int) -> list:
    "One row per engine: median ms for one image, largest changes, share near a boundary, mean ms with float32 answers."
    screener = Screener(run, "float32")
    views, decide = view_parts(screener)
    def one_ms(fn):
        times = []
        for x in test[:repeats + 1]:
            t = time.perf_counter(); decide(fn(views(x[None]).numpy())); times.append(time.perf_counter() - t)
        return 1000 * statistics.median(times[1:])
    fns = engines(screener.classifier, views(calibration).numpy())
    ref = screen_each(views, decide, fns["tensorflow float32"], test)
    rows, exact_ms = [], None
    for name, fn in fns.items():
        p, s = screen_each(views, decide, fn, test)
        dp, ds = float(np.abs(p - ref[0]).max()), float(np.abs(s - ref[1]).max())
        near = (near_boundary(p, s, screener.detector.threshold, screener.threshold, (dp, ds)).mean()
                if dp or ds else 0.0)
        ms = one_ms(fn)
        exact_ms = exact_ms or ms
        rows.append({"engine": name, "one_ms": ms, "dp": dp, "dscore": ds, "near": float(near),
                     "mean_ms": ms + (near * exact_ms if dp or ds else 0.0)})
    return rows

def arguments(doc: str) -> argparse.ArgumentParser:
    "The options of the engine benchmarks: packaged runs, dataset, size, test images and calibration images."
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    p.add_argument("--runs", nargs="+", type=Path, required=True, help="packaged runs")
    p.add_argument("--data", required=True, help="dataset folder (Training and Testing)")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--images", type=int, default=300, help="test images the changes are measured on")
    p.add_argument("--calibration", type=int, default=300, help="training images int8 is calibrated on")
    return p

def main():
    p = arguments(__doc__)
    p.add_argument("--repeats", type=int, default=20)
    a = p.parse_args()
    import tensorflow as tf, openvino as ov, nncf
    tmp = Path(tempfile.mkdtemp())
    test, calibration = (images(a.data, "Testing", a.images, a.size), images(a.data, "Training", a.calibration, a.size))
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, GPUs: "
          f"{len(tf.config.list_physical_devices('GPU')) or 'none'}")
    print(f"tensorflow {tf.__version__}, openvino {ov.__version__.split('-')[0]}, nncf {nncf.__version__}; "
          f"{a.size} px; changes on {a.images} test images, int8 calibrated on {a.calibration} training images")
    print(f"\n{'run':>18} {'deployed':>9} {'engine':>20} {'one image ms':>13} {'max |dp|':>9} {'max |dscore|':>13} "
          f"{'near':>6} {'mean ms':>8}")
    for k, source in enumerate(a.runs):
        run = packaged_run(tmp/f"run-{k}", a.size, source=source)
        deployed = "squeezed" if Screener(run, "float32").card["squeeze"] else "bare"
        for r in measure(run, test, calibration, a.repeats):
            print(f"{source.name:>18} {deployed:>9} {r['engine']:>20} {r['one_ms']:>13.0f} {r['dp']:>9.1e} "
                  f"{r['dscore']:>13.1e} {r['near']:>6.0%} {r['mean_ms']:>8.0f}")
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__": main()

"""How far does int8 move screening's numbers, and does keeping the layers around it in floating point help? For each
packaged run (as in `screen_engines.py`, at 128 px) the classifier is quantized by NNCF after training, calibrated on
the views of training images, in three ways: every convolution and dense layer in int8 (NNCF's default), the dense head
kept in floating point, and the head and the first convolution kept in floating point (OpenVINO runs what is not int8 in
bfloat16 on a CPU with bfloat16 instructions). On test images, one at a time as the screener sees them, it prints the
change against TensorFlow float32 in a calibrated probability and in a detector score (largest, 99th percentile, median
over the images) and the share of the images near a decision boundary at the largest change (those would be answered
again in float32 for the decisions to stay float32's; an allowance fitted to the same images, so a lower bound) and, for
comparison, at bfloat16's allowance of 0.05 (which does not keep int8's decisions). Changes only, no timings
(`screen_engines.py` times the engines), so it may run beside other work. Needs `pip install -e ".[bench]"`:

    python benchmarks/screen_int8.py --runs runs/cpu-sim2-advtrain runs/cpu-sim2-paper \
        --data ../shared/data/brain-tumor-mri
"""
import logging, os, shutil, tempfile
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from screen_engines import arguments, images, quantized, screen_each, tf_logits, view_parts
from screen_latency import packaged_run
from brain_adv.screen import BF16_ERROR, Screener, near_boundary

def variants(model) -> dict:
    "NNCF settings per variant: all int8, the dense head in floating point, the head and the first convolution too."
    import nncf
    first = next(o.get_friendly_name() for o in model.get_ordered_ops() if o.get_type_name() == "Convolution")
    return {"all int8": {}, "head in float": {"ignored_scope": nncf.IgnoredScope(types=["MatMul"])},
            "head, first conv in float": {"ignored_scope": nncf.IgnoredScope(names=[first], types=["MatMul"])}}

def changes(run: Path, test: np.ndarray, calibration: np.ndarray) -> list:
    "One row per variant: changes in probability and score against TensorFlow float32, and the shares near a boundary."
    import openvino as ov
    screener = Screener(run, "float32")
    views, outcomes = view_parts(screener)
    f32, core = tf_logits(screener.classifier), ov.Core()
    ref = screen_each(views, outcomes, lambda v: f32(v).numpy(), test)
    model = ov.convert_model(f32.get_concrete_function())
    cal, rows = views(calibration).numpy(), []
    for name, settings in variants(model).items():
        request = core.compile_model(quantized(model, cal, **settings), "CPU").create_infer_request()
        p, s = screen_each(views, outcomes, lambda v: request.infer({0: v})[0], test)
        dp, ds = np.abs(p - ref[0]).max(1), np.abs(s - ref[1])
        near = lambda e: float(near_boundary(p, s, screener.detector.threshold, screener.threshold, e).mean())
        rows.append({"variant": name, "dp": np.quantile(dp, [1, .99, .5]), "ds": np.quantile(ds, [1, .99, .5]),
                     "near_max": near((dp.max(), ds.max())), "near_bf16": near(BF16_ERROR)})
    return rows

def main():
    a = arguments(__doc__).parse_args()
    import nncf, openvino as ov
    nncf.set_log_level(logging.ERROR)
    tmp = Path(tempfile.mkdtemp())
    test, calibration = images(a.data, "Testing", a.images, a.size), images(a.data, "Training", a.calibration, a.size)
    print(f"openvino {ov.__version__.split('-')[0]}, nncf {nncf.__version__}; {a.size} px; changes on {a.images} test "
          f"images, int8 calibrated on {a.calibration} training images; "
          "quantiles are largest / 99th percentile / median")
    print(f"\n{'run':>18} {'variant':>26} {'|dp| quantiles':>22} {'|dscore| quantiles':>22} {'near at largest':>16} "
          f"{'near at 0.05':>13}")
    for k, source in enumerate(a.runs):
        for r in changes(packaged_run(tmp/f"run-{k}", a.size, source=source), test, calibration):
            q = lambda v: " / ".join(f"{x:.3f}" for x in v)
            print(f"{source.name:>18} {r['variant']:>26} {q(r['dp']):>22} {q(r['ds']):>22} {r['near_max']:>16.0%} "
                  f"{r['near_bf16']:>13.0%}", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__": main()

"""Decisions of the one-pass screener, in float32 and in bfloat16, against the separate passes it replaced, on every
test image of the dataset: for each packaged run, the deployable model's calibrated probabilities (`model.predict`) and
the detector's scores (`SqueezeDetector.scores`, a forward pass per squeeze) give the decisions the screener gave
before; `Screener.screen_images` gives them from one classifier call per batch, in float32, and in bfloat16 with the
images near a decision boundary answered from float32. A decision here is the class, the detector's flag and
predict-or-refer. The images are the test images as they are and after FGSM at eps 0.01 against the deployed model
(attacked images sit nearer the boundaries). Prints, per run, images and precision: the images, the decisions that
differ, the images answered from float32, and the largest differences in a probability and in a detector score of the
screener's own pass (in bfloat16: before the float32 answers):

    python benchmarks/screen_decisions.py runs/cpu-sim2-paper runs/cpu-sim2-advtrain \
        --data ../shared/data/brain-tumor-mri
"""
import argparse, json, os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from brain_adv.attacks import fgsm
from brain_adv.config import CLASSES
from brain_adv.data import load_image
from brain_adv.screen import CARD, Screener, _views, decide

def compare(run: Path, x: np.ndarray, precision: str) -> dict:
    scr = Screener(run, precision)
    probs, scores = scr.model.predict(x, batch_size=64, verbose=0), scr.detector.scores(scr.classifier, x)
    flagged = scores > scr.detector.threshold
    before = list(zip(probs.argmax(1), flagged, decide(probs, flagged, scr.threshold)))
    now = scr.screen_images(x)
    own_probs, own_scores = _views(scr._fast or scr._screen, x)
    return {"deployed": "squeezed" if scr.card["squeeze"] else "bare", "precision": scr.precision,
            "differ": sum(b != (scr.classes.index(a["class"]), a["flagged"], a["decision"])
                          for b, a in zip(before, now)),
            "exact": sum(a["precision"] == "float32" for a in now),
            "prob": float(np.abs(probs - own_probs).max()), "score": float(np.abs(scores - own_scores).max())}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("runs", nargs="+", type=Path, help="packaged run folders")
    p.add_argument("--data", required=True, help="dataset folder whose Testing images are screened")
    a = p.parse_args()
    paths = sorted(str(f) for f in Path(a.data, "Testing").rglob("*.jpg"))
    y = np.array([CLASSES.index(Path(p).parent.name) for p in paths])
    print(f"{'run':>22} {'deployed':>9} {'images':>22} {'precision':>10} {'decisions differ':>17} {'in float32':>11} "
          f"{'max |dp|':>9} {'max |dscore|':>13}")
    for run in a.runs:
        size = json.loads((run/f"{CARD}.json").read_text())["input"]["image_size"]
        x = np.stack([load_image(p, size) for p in paths])
        for images, xs in (("test", x), ("test, FGSM 0.01", fgsm(Screener(run, "float32").model, x, y, 0.01))):
            for precision in ("float32", "bfloat16"):
                r = compare(run, xs, precision)
                print(f"{run.name:>22} {r['deployed']:>9} {f'{len(xs):,} {images}':>22} {r['precision']:>10} "
                      f"{r['differ']:>17} {r['exact']:>11,} {r['prob']:>9.1e} {r['score']:>13.1e}")

if __name__ == "__main__": main()

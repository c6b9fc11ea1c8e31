"""Decisions of the one-pass screener against the separate passes it replaced, on every test image of the dataset:
for each packaged run, the deployable model's calibrated probabilities (`model.predict`) and the detector's scores
(`SqueezeDetector.scores`, a forward pass per squeeze) give the decisions the screener gave before; `Screener.screen_images`
gives them from one classifier call per batch. Prints, per run, the images, the decisions that differ, and the largest
differences in a probability and in a detector score:

    python benchmarks/screen_decisions.py runs/cpu-sim2-paper runs/cpu-sim2-advtrain --data ../shared/data/brain-tumor-mri
"""
import argparse, os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from brain_adv.data import load_image
from brain_adv.screen import Screener, decide

def compare(run: Path, paths: list) -> dict:
    scr = Screener(run)
    x = np.stack([load_image(p, scr.size) for p in paths])
    probs, scores = scr.model.predict(x, batch_size=64, verbose=0), scr.detector.scores(scr.classifier, x)
    before = decide(probs, scores > scr.detector.threshold, scr.threshold)
    now = scr.screen_images(x)
    return {"n": len(x), "deployed": "squeezed" if scr.card["squeeze"] else "bare", "differ": sum(a != b["decision"] for a, b in zip(before, now)),
            "prob": float(np.abs(probs - np.array([list(r["probabilities"].values()) for r in now])).max()),
            "score": float(np.abs(scores - np.array([r["detector_score"] for r in now])).max())}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("runs", nargs="+", type=Path, help="packaged run folders")
    p.add_argument("--data", required=True, help="dataset folder whose Testing images are screened")
    a = p.parse_args()
    paths = sorted(str(f) for f in Path(a.data, "Testing").rglob("*.jpg"))
    print(f"{'run':>24} {'deployed':>24} {'images':>7} {'decisions differ':>17} {'max |dp|':>9} {'max |dscore|':>13}")
    for run in a.runs:
        r = compare(run, paths)
        print(f"{run.name:>24} {r['deployed']:>24} {r['n']:>7,} {r['differ']:>17} {r['prob']:>9.1e} {r['score']:>13.1e}")

if __name__ == "__main__": main()

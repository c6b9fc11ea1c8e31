"""Latency of screening on this machine: one image through `Screener.predict` after the run is loaded, and a folder of
slices, at each image size, for a VGG16 classifier deployed bare and deployed behind the squeezers, with the squeezing
detector. The screener stacks the views of an image (the image, its three detector squeezes and, behind squeezers, the
squeezed image it answers on) into one batch for one classifier call: four forward passes per image bare, five squeezed.

The run is a packaged folder written here: the classifier with ImageNet weights when BRAIN_ADV_VGG16_WEIGHTS is set (the
weights do not change the time), a temperature, and a card with the detector's and the referral's thresholds. The slices
are the first N test images of `--data` (the Kaggle JPEGs, mostly 512x512), else generated 512x512 PNGs. Prints one table:
load seconds, median milliseconds for one image (over `--repeats`, after one warm-up), and milliseconds per image for
the folder. Run on a quiet machine:

    python benchmarks/screen_latency.py --sizes 64 128 --folder 1000 --data ../shared/data/brain-tumor-mri
"""
import argparse, dataclasses, os, platform, shutil, statistics, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from PIL import Image
from brain_adv.config import CLASSES, ModelConfig, SqueezeConfig, write_json
from brain_adv.model import build_model, save_model
from brain_adv.screen import ARTIFACT, CARD, Screener, deployable_model

def packaged_run(folder: Path, size: int, squeezed: bool) -> Path:
    "A run folder holding a deployable VGG16 (temperature 1.5, squeezers if `squeezed`) and the card's parts `Screener` reads."
    weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
    sq = SqueezeConfig()
    save_model(deployable_model(build_model(ModelConfig(weights=weights), size), 1.5, sq if squeezed else None), folder/ARTIFACT)
    write_json(folder/f"{CARD}.json", {"classes": list(CLASSES), "input": {"image_size": size},
                                       "detector": {"squeeze": dataclasses.asdict(sq), "threshold": 0.5, "fpr_target": 0.05},
                                       "referral": {"threshold": 0.6}})
    return folder

def slices(folder: Path, n: int, data: str | None) -> Path:
    "A folder of `n` slices: the first test images of `data`, or generated 512x512 PNGs."
    folder.mkdir(parents=True)
    if data:
        for i, f in enumerate(sorted(Path(data, "Testing").rglob("*.jpg"))[:n]): shutil.copy(f, folder/f"{i:04d}.jpg")
    else:
        rng = np.random.default_rng(0)
        for i in range(n): Image.fromarray(rng.integers(0, 255, (512, 512), dtype=np.uint8)).save(folder/f"{i:04d}.png")
    return folder

def measure(size: int, squeezed: bool, folder: Path, repeats: int) -> dict:
    tmp = Path(tempfile.mkdtemp())
    run = packaged_run(tmp/"run", size, squeezed)
    t = time.perf_counter(); screener = Screener(run); load = time.perf_counter() - t
    one = sorted(folder.iterdir())[0]
    screener.predict([one])
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); screener.predict([one]); times.append(time.perf_counter() - t)
    n = len(list(folder.iterdir()))
    t = time.perf_counter(); answers = screener.predict([folder]); whole = time.perf_counter() - t
    assert len(answers) == n and not any("error" in a for a in answers)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"load_s": load, "one_ms": 1000 * statistics.median(times), "folder_ms": 1000 * whole / n, "n": n}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[64, 128])
    p.add_argument("--folder", type=int, default=1000, help="slices in the folder")
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--data", help="dataset folder whose Testing JPEGs are the slices")
    a = p.parse_args()
    import tensorflow as tf, keras
    tmp = Path(tempfile.mkdtemp())
    folder = slices(tmp/"slices", a.folder, a.data)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, GPUs: {len(tf.config.list_physical_devices('GPU')) or 'none'}")
    print(f"tensorflow {tf.__version__}, keras {keras.__version__}; VGG16 with the squeezing detector, float32; "
          f"slices: {'test JPEGs of the dataset' if a.data else 'generated 512x512 PNGs'}")
    print(f"\n{'size':>5} {'deployed':>16} {'load s':>8} {'one image ms':>14} {'folder ms/image':>17} {'folder images':>14}")
    for size in a.sizes:
        for squeezed in (False, True):
            m = measure(size, squeezed, folder, a.repeats)
            print(f"{size:>5} {'behind squeezers' if squeezed else 'bare':>16} {m['load_s']:>8.1f} {m['one_ms']:>14.0f} "
                  f"{m['folder_ms']:>17.1f} {m['n']:>14,}")
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__": main()

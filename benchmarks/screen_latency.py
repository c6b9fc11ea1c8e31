"""Latency of screening on this machine: one image through `Screener.predict` after the run is loaded, and a folder of
slices, at each image size, for a VGG16 classifier deployed bare and deployed behind the squeezers, with the squeezing
detector, in float32 and in bfloat16 (the images near a decision boundary answered from float32), side by side. The
screener stacks the views of an image (the image, its three detector squeezes and, behind squeezers, the squeezed image
it answers on) into one batch for one classifier call: four forward passes per image bare, five squeezed.

Each run is a packaged folder written here at each size: with `--runs`, the classifier, temperature, deployment and card
thresholds of trained packaged runs (their heads pool globally, so a 64 px run's weights fit a 128 px model, and the
share of images near a decision boundary is that of a trained model); without, ImageNet VGG16 (when
BRAIN_ADV_VGG16_WEIGHTS is set) with an untrained head, temperature 1.5 and thresholds 0.5 and 0.6, bare and behind
squeezers (an untrained head is unsure of every image, so bfloat16 answers nearly all of them again in float32). The
slices are N test images of `--data` drawn at random with a fixed seed from the whole test split (the Kaggle JPEGs,
mostly 512x512), else generated 512x512 PNGs. Prints one table: load seconds, median and mean milliseconds for one image
(the first `--repeats` slices one at a time, after one warm-up), the share of those answered from float32, milliseconds
per image for the folder and the share of its images answered from float32. Run on a quiet machine:

    python benchmarks/screen_latency.py --sizes 64 128 --folder 200 --repeats 20 \
        --data ../shared/data/brain-tumor-mri --runs runs/cpu-sim2-advtrain runs/cpu-sim2-paper
"""
import argparse, dataclasses, json, os, platform, shutil, statistics, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from pathlib import Path
import numpy as np
from PIL import Image
from brain_adv.config import CLASSES, ModelConfig, SqueezeConfig, load_config, write_json
from brain_adv.model import build_model, cpu_supports_bfloat16, save_model
from brain_adv.screen import ARTIFACT, CARD, Screener, classifier_of, deployable_model, load_deployable

def packaged_run(folder: Path, size: int, squeezed: bool = False, source: Path | None = None) -> Path:
    "A run folder `Screener` reads: a trained run's classifier, card and deployment at `size`, else an untrained head."
    if source is None:
        weights = "imagenet" if os.environ.get("BRAIN_ADV_VGG16_WEIGHTS") else None
        classifier, sq, temperature = build_model(ModelConfig(weights=weights), size), SqueezeConfig(), 1.5
        card = {"detector": {"squeeze": dataclasses.asdict(sq), "threshold": 0.5, "fpr_target": 0.05},
                "referral": {"threshold": 0.6}, "squeeze": dataclasses.asdict(sq) if squeezed else None}
    else:  # the head pools globally, so the weights of a 64 px run fit a model of any size
        card = json.loads((source/f"{CARD}.json").read_text())
        classifier = build_model(dataclasses.replace(load_config(source/"config.yaml").model, weights=None), size)
        classifier.set_weights(classifier_of(load_deployable(source/ARTIFACT)).get_weights())
        sq, temperature = SqueezeConfig(**card["detector"]["squeeze"]), card["temperature"]
    deployed = SqueezeConfig(**card["squeeze"]) if card["squeeze"] else None
    save_model(deployable_model(classifier, temperature, deployed), folder/ARTIFACT)
    write_json(folder/f"{CARD}.json", {"classes": list(CLASSES), "input": {"image_size": size},
                                       "squeeze": card["squeeze"], "detector": card["detector"],
                                       "referral": card["referral"]})
    return folder

def slices(folder: Path, n: int, data: str | None) -> Path:
    "A folder of `n` slices: test images of `data` drawn at random with a fixed seed, or generated 512x512 PNGs."
    folder.mkdir(parents=True)
    if data:
        files = sorted(Path(data, "Testing").rglob("*.jpg"))
        for i, k in enumerate(np.random.default_rng(0).choice(len(files), n, replace=False)):
            shutil.copy(files[k], folder/f"{i:04d}.jpg")
    else:
        rng = np.random.default_rng(0)
        for i in range(n): Image.fromarray(rng.integers(0, 255, (512, 512), dtype=np.uint8)).save(folder/f"{i:04d}.png")
    return folder

def measure(run: Path, precision: str, folder: Path, repeats: int) -> dict:
    t = time.perf_counter(); screener = Screener(run, precision); load = time.perf_counter() - t
    files = sorted(folder.iterdir())
    screener.predict(files[:1])
    times, exact = [], 0
    for f in files[:repeats]:
        t = time.perf_counter(); answer, = screener.predict([f]); times.append(time.perf_counter() - t)
        if "error" in answer: raise SystemExit(f"{f}: {answer['error']}")
        exact += answer["precision"] == "float32"
    t = time.perf_counter(); answers = screener.predict([folder]); whole = time.perf_counter() - t
    assert len(answers) == len(files) and not any("error" in a for a in answers)
    return {"load_s": load, "one_ms": 1000 * statistics.median(times), "mean_ms": 1000 * statistics.mean(times),
            "float32": exact / len(times), "folder_ms": 1000 * whole / len(files), "n": len(files),
            "folder_float32": sum(a["precision"] == "float32" for a in answers) / len(files)}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[64, 128])
    p.add_argument("--folder", type=int, default=1000, help="slices in the folder")
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--data", help="dataset folder whose Testing JPEGs are the slices")
    p.add_argument("--runs", nargs="+", type=Path, help="packaged runs whose classifiers, cards and deployments are "
                   "timed (default: ImageNet VGG16 with an untrained head, bare and behind squeezers)")
    a = p.parse_args()
    import tensorflow as tf, keras
    tmp = Path(tempfile.mkdtemp())
    folder = slices(tmp/"slices", a.folder, a.data)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, GPUs: "
          f"{len(tf.config.list_physical_devices('GPU')) or 'none'}")
    print(f"tensorflow {tf.__version__}, keras {keras.__version__}; VGG16 with the squeezing detector; bfloat16 "
          f"instructions: {cpu_supports_bfloat16()}; slices: "
          f"{'test JPEGs of the dataset' if a.data else 'generated 512x512 PNGs'}")
    print(f"\n{'size':>5} {'deployed':>16} {'precision':>10} {'load s':>7} {'one image ms':>13} {'mean ms':>8} "
          f"{'in float32':>11} {'folder ms/image':>16} {'folder images':>14} {'folder in float32':>18}")
    for size in a.sizes:
        setups = [(None, r) for r in a.runs] if a.runs else [(False, None), (True, None)]
        for k, (squeezed, source) in enumerate(setups):
            run = packaged_run(tmp/f"run-{size}-{k}", size, squeezed, source)
            squeezed = json.loads((run/f"{CARD}.json").read_text())["squeeze"] is not None
            for precision in ("float32", "bfloat16"):
                m = measure(run, precision, folder, a.repeats)
                print(f"{size:>5} {'behind squeezers' if squeezed else 'bare':>16} {precision:>10} {m['load_s']:>7.1f} "
                      f"{m['one_ms']:>13.0f} {m['mean_ms']:>8.0f} {m['float32']:>11.0%} {m['folder_ms']:>16.1f} "
                      f"{m['n']:>14,} {m['folder_float32']:>18.0%}")
    shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__": main()

"""Peak resident memory of `brain-adv evaluate` and `brain-adv attack` on a run's test split, on part of it and all of
it.

Each case runs as its own process (`brain-adv evaluate|attack ... --json`); its peak resident set size is the kernel's
`ru_maxrss` for that child. Cases differ in the number of test images and PGD steps, so the table shows whether memory
grows with either: `evaluate` holds one batch at a time, `attack` one chunk of 512 images. Prints one table;
`--out FILE` also writes it as JSON (rows of the commands not chosen with `--commands` are kept from an earlier FILE).
Run on a run folder trained at the size to measure, e.g. 128 px:

    python benchmarks/peak_memory.py --model runs/mem-128 --data ../shared/data/brain-tumor-mri \
        --out results/memory-cpu.json
"""
import argparse, json, os, platform, subprocess, sys, time
from pathlib import Path
from brain_adv.config import load_config

def cases(limit: int) -> list:
    "(name, brain-adv subcommand and its extra arguments) for each measured case."
    return [("clean, all test images", ["evaluate"]),
            (f"attacks + squeeze, {limit} images, PGD-10",
             ["evaluate", "--attacks", "--squeeze", "--limit", str(limit)]),
            (f"attacks + squeeze, {limit} images, PGD-1",
             ["evaluate", "--attacks", "--squeeze", "--limit", str(limit), "--steps", "1"]),
            ("attacks + squeeze, all test images, PGD-1", ["evaluate", "--attacks", "--squeeze", "--steps", "1"]),
            ("brain-adv attack fgsm, 512 images", ["attack", "--attack", "fgsm", "--eps", "0.01", "--limit", "512"]),
            ("brain-adv attack fgsm, all test images", ["attack", "--attack", "fgsm", "--eps", "0.01"])]

def peak_run(args: list) -> tuple:
    "Peak resident memory (MiB), seconds and the JSON printed by the command `args`, run as a child process."
    started = time.time()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status): sys.exit(f"{' '.join(args)} failed")
    return usage.ru_maxrss / 1024, time.time() - started, json.loads(out)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="a run folder written by brain-adv train")
    p.add_argument("--data", required=True, help="the dataset folder")
    p.add_argument("--limit", type=int, default=128, help="test images in the smaller cases")
    p.add_argument("--commands", nargs="+", choices=["evaluate", "attack"], default=["evaluate", "attack"],
                   help="the commands to measure")
    p.add_argument("--out", help="also write the table as JSON to this file")
    a = p.parse_args()
    exe, size = (str(Path(sys.executable).with_name("brain-adv")),
                 load_config(Path(a.model)/"config.yaml").data.image_size)
    old = json.loads(Path(a.out).read_text())["rows"] if a.out and Path(a.out).is_file() else []
    rows = [r for r in old if r["args"][0] not in a.commands]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs; run {a.model}, {size} px\n")
    print(f"{'case':45} {'images':>7} {'peak RSS MiB':>13} {'seconds':>8}")
    for name, extra in (c for c in cases(a.limit) if c[1][0] in a.commands):
        rss, seconds, result = peak_run([exe, extra[0], "--model", a.model, "--data", a.data, "--json", *extra[1:]])
        n = result.get("n", result.get("clean", {}).get("n"))
        rows.append({"case": name, "args": extra, "images": n, "peak_rss_mib": round(rss), "seconds": round(seconds)})
        print(f"{name:45} {n:>7} {rss:>13.0f} {seconds:>8.0f}", flush=True)
    if a.out:
        Path(a.out).write_text(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "model": a.model,
                                           "image_size": size, "rows": rows}, indent=1) + "\n")

if __name__ == "__main__":
    main()

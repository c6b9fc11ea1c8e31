"Fixtures shared by the CLI and end-to-end tests: a folder of awkward files built from scratch, and a headless Chromium."
import contextlib, io, json, os, shutil, signal, subprocess, sys, time
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

VALID = {  # relative path -> how it is made; every one must be counted
    "Training/glioma_tumor/rgb.jpg": lambda p: Image.new("RGB", (40, 30), (120, 20, 20)).save(p),
    "Training/glioma_tumor/gray.JPG": lambda p: Image.new("L", (32, 32), 90).save(p, "JPEG"),
    "Training/glioma_tumor/rgba.png": lambda p: Image.new("RGBA", (20, 20), (255, 0, 0, 128)).save(p),
    "Training/meningioma_tumor/sixteen.PNG": lambda p: Image.fromarray(np.arange(256, dtype=np.uint16).reshape(16, 16) * 200).save(p),
    "Training/meningioma_tumor/cmyk.jpeg": lambda p: Image.new("CMYK", (24, 24), (0, 200, 200, 0)).save(p, "JPEG"),
    "Training/meningioma_tumor/anim.gif": lambda p: Image.new("P", (16, 16), 3).save(p),
    "Training/no_tumor/tiny.png": lambda p: Image.new("L", (1, 1), 7).save(p),
    "Training/no_tumor/huge.jpg": lambda p: Image.new("L", (3000, 3000), 50).save(p, quality=50),
    "Training/pituitary_tumor/scan.bmp": lambda p: Image.new("RGB", (16, 16), (1, 2, 3)).save(p),
    "Testing/glioma_tumor/rgb.jpg": lambda p: Image.new("RGB", (40, 30), (120, 20, 20)).save(p),
    "Testing/pituitary_tumor/palette.Gif": lambda p: Image.new("P", (8, 8), 1).save(p, transparency=1),
}

def _truncated_jpeg(p):
    full = p.with_suffix(".full")
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(full, "JPEG")
    data = full.read_bytes(); full.unlink()
    p.write_bytes(data[: len(data) // 2])

CORRUPT = {
    "Training/glioma_tumor/empty.jpg": lambda p: p.write_bytes(b""),
    "Training/no_tumor/truncated.jpg": _truncated_jpeg,
    "Testing/meningioma_tumor/text.jpg": lambda p: p.write_text("this is a text file, not a JPEG"),
}

CLUTTER = {
    "Training/glioma_tumor/.DS_Store": lambda p: p.write_bytes(b"\0\0\0\1Bud1"),
    "Training/glioma_tumor/Thumbs.db": lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"),
    "Training/glioma_tumor/.hidden.jpg": lambda p: Image.new("L", (4, 4)).save(p, "JPEG"),
    "Training/glioma_tumor/.ipynb_checkpoints/rgb-checkpoint.jpg": lambda p: Image.new("L", (4, 4)).save(p, "JPEG"),
    "__MACOSX/Training/glioma_tumor/._rgb.jpg": lambda p: p.write_bytes(b"\0\5\26\7"),
    "Training/.cache/x.png": lambda p: Image.new("L", (4, 4)).save(p),
    "Training/notes.txt": lambda p: p.write_text("notes"),
    "Training/no_tumor/labels.csv": lambda p: p.write_text("file,label\n"),
}
NON_IMAGE = ["Training/no_tumor/labels.csv", "Training/notes.txt"]

def build(root: Path, spec: dict):
    for rel, make in spec.items():
        p = root/rel
        p.parent.mkdir(parents=True, exist_ok=True)
        make(p)

@pytest.fixture(scope="session")
def messy(tmp_path_factory):
    "A Kaggle-layout folder, source-dataset class names, with odd valid images, corrupt files and clutter."
    root = tmp_path_factory.mktemp("messy")
    for spec in (VALID, CORRUPT, CLUTTER): build(root, spec)
    return root

def run_cli(*args, env=None):
    "Run `brain-adv ARGS` in this process, as the console script does (TensorFlow loads once per test worker); return the completed process."
    from brain_adv.cli import main
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for k, v in (env or {}).items(): mp.delenv(k, raising=False) if v is None else mp.setenv(k, v)  # None unsets k
        try: code = main([str(a) for a in args])
        except SystemExit as e: code = e.code
    return subprocess.CompletedProcess(args, code or 0, out.getvalue(), err.getvalue())


def kill_and_resume(args, state, total: int, timeout: float = 240):
    "Start `args` (the console script), SIGKILL it after two epochs in its `state.json`, run it again, and check it resumed and finished all `total` epochs."
    proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + timeout
    while time.time() < deadline and not (state.is_file() and json.loads(state.read_text())["epoch"] >= 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL); proc.wait()
    done = json.loads(state.read_text())["epoch"]
    assert 2 <= done < total, done
    r = run_cli(*args[1:])  # resumed in this process: the command line's own code path, without loading TensorFlow again
    assert r.returncode == 0, r.stderr
    assert f"resuming after epoch {done} of {total}" in r.stderr
    assert [h["epoch"] for h in json.loads(state.read_text())["history"]] == list(range(1, total + 1))


CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(not (CHROMIUM and DRIVER) and not os.environ.get("CI"),
                                   reason="Debian's chromium and chromium-driver are not installed (CI installs them)")

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()

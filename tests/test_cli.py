"End-to-end behaviour of the `brain-adv` command line."
import json, subprocess, sys
from conftest import CORRUPT, NON_IMAGE, VALID, run_cli

def test_help_does_not_import_tensorflow():
    code = ("import sys\nfrom brain_adv.cli import main\n"
            "try: main(['--help'])\nexcept SystemExit as e: assert e.code == 0\n"
            "import brain_adv.config, brain_adv.data\n"
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TensorFlow was imported'\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "audit" in r.stdout and "synth" in r.stdout

def test_audit_messy_folder_counts_every_valid_image_and_names_every_corrupt_file(messy):
    r = run_cli("audit", messy, "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["total"] == len(VALID)
    assert s["counts"] == {"Testing": {"glioma": 1, "pituitary": 1},
                           "Training": {"glioma": 3, "meningioma": 3, "notumor": 2, "pituitary": 1}}
    assert sorted(s["corrupt"]) == sorted(CORRUPT)
    assert all(s["errors"][p] for p in CORRUPT)
    assert sorted(s["ignored"]) == sorted(NON_IMAGE)
    assert s["duplicates"] == {"groups": 1, "cross_split": 1, "cross_class": 0, "redundant_files": 1,
                               "in_other_split": {"Testing": 1, "Training": 1}}
    assert {"RGB", "L", "RGBA", "I;16", "CMYK", "P"} <= set(s["modes"])

def test_audit_text_report_names_corrupt_files(messy):
    r = run_cli("audit", messy)
    assert r.returncode == 0, r.stderr
    assert f"{len(VALID)} valid images, {len(CORRUPT)} corrupt" in r.stdout
    for p in CORRUPT: assert f"corrupt: {p}" in r.stdout

def test_every_valid_image_decodes_to_rgb_in_unit_range(messy):
    from brain_adv.data import audit_folder, load_image
    for info in audit_folder(messy, progress=False).valid:
        x = load_image(info.record.path, 32)
        assert x.shape == (32, 32, 3) and x.dtype.name == "float32"
        assert 0.0 <= x.min() and x.max() <= 1.0

def test_sixteen_bit_png_is_scaled_not_clipped(messy):
    from brain_adv.data import load_image
    x = load_image(messy/"Training/meningioma_tumor/sixteen.PNG", 16)
    assert 0.3 < x.mean() < 0.7, x.mean()

def test_usage_errors_are_one_line_with_status_2(tmp_path):
    (tmp_path/"empty").mkdir()
    for args in [("audit", tmp_path/"missing"), ("audit", tmp_path/"empty"), ("audit",), ("audit", tmp_path, "--bogus"),
                 ("synth", tmp_path/"s", "--per-class", "0"), ("synth", tmp_path/"s", "--size", "x"), ("nonsense",)]:
        r = run_cli(*args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        assert r.stdout == ""

def test_synth_then_audit_round_trip(tmp_path):
    r = run_cli("synth", tmp_path/"ph", "--per-class", "6", "--size", "40", "--seed", "3")
    assert r.returncode == 0 and "SYNTHETIC" in r.stdout, r.stderr
    s = json.loads(run_cli("audit", tmp_path/"ph", "--json").stdout)
    assert s["synthetic"] is True and s["total"] == 24 and s["corrupt"] == []
    assert s["counts"]["Training"] == {"glioma": 5, "meningioma": 5, "notumor": 5, "pituitary": 5}
    assert s["sizes"] == {"40x40": 24}
    assert "SYNTHETIC" in run_cli("audit", tmp_path/"ph").stdout

def test_synth_is_reproducible(tmp_path):
    for d in ("a", "b"): run_cli("synth", tmp_path/d, "--per-class", "3", "--size", "24", "--seed", "7")
    files = sorted(p.relative_to(tmp_path/"a") for p in (tmp_path/"a").rglob("*.png"))
    assert len(files) == 12
    assert all((tmp_path/"a"/f).read_bytes() == (tmp_path/"b"/f).read_bytes() for f in files)

def test_offline_download_fails_with_one_line(monkeypatch):
    from brain_adv.data import DataError, data_dir
    monkeypatch.delenv("BRAIN_ADV_DATA", raising=False)
    monkeypatch.setenv("KAGGLE_USERNAME", "nobody"); monkeypatch.setenv("KAGGLE_KEY", "none")
    try: data_dir(None)
    except DataError as e: msg = str(e)
    else: return  # a connected machine with working credentials really downloads it
    assert "--data" in msg and "\n" not in msg

def test_every_command_has_help():
    from brain_adv.cli import build_parser
    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"audit", "train", "defend", "predict", "serve", "demo"} <= set(commands)
    for name in commands:
        r = run_cli(name, "--help")
        assert r.returncode == 0 and r.stdout.startswith(f"usage: brain-adv {name}"), (name, r.stderr[-300:])

"Training and evaluation from the command line, on synthetic phantoms with the small CNN."
import json, sys
from pathlib import Path
import pytest
from conftest import kill_and_resume, run_cli

@pytest.fixture(scope="module")
def phantoms(tmp_path_factory):
    root = tmp_path_factory.mktemp("ph")/"ph"
    assert run_cli("synth", root, "--per-class", "20", "--size", "32", "--seed", "0").returncode == 0
    return root

@pytest.fixture(scope="module")
def trained(phantoms, tmp_path_factory):
    "A smoke run with three fine-tuning epochs, and what `train` printed."
    out = tmp_path_factory.mktemp("trained")/"run"
    r = run_cli("train", "--preset", "smoke", "--data", phantoms, "--out", out, "--epochs-finetune", "3")
    assert r.returncode == 0, r.stderr
    return out, r.stdout

def test_train_then_evaluate(phantoms, trained):
    run, stdout = trained
    assert "SYNTHETIC" in stdout and "precision" in stdout
    metrics = json.loads((run/"metrics.json").read_text())
    history = json.loads((run/"state.json").read_text())["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3, 4]
    e = run_cli("evaluate", "--model", run, "--data", phantoms, "--json")
    assert e.returncode == 0, e.stderr
    ev = json.loads(e.stdout)
    assert ev["accuracy"] == metrics["clean"]["accuracy"] and ev["clean"]["confusion"] == metrics["clean"]["confusion"]
    assert sum(map(sum, ev["clean"]["confusion"])) == 16
    assert not (run/"last.keras").exists()

def test_train_resumes_after_being_killed(phantoms, tmp_path):
    exe = Path(sys.executable).with_name("brain-adv")
    args = [str(exe), "train", "--preset", "smoke", "--data", str(phantoms), "--out", str(tmp_path/"run"),
            "--epochs-frozen", "1", "--epochs-finetune", "11", "--quiet"]
    kill_and_resume(args, tmp_path/"run"/"state.json", 12)

def test_another_configuration_in_the_same_folder_is_refused(phantoms, trained):
    r = run_cli("train", "--preset", "smoke", "--data", phantoms, "--out", trained[0], "--epochs-finetune", "3", "--seed", "9")
    assert r.returncode == 2 and "another configuration" in r.stderr and len(r.stderr.strip().splitlines()) == 1

def test_missing_imagenet_weights_is_one_line(phantoms, tmp_path):
    r = run_cli("train", "--preset", "smoke", "--backbone", "vgg16", "--weights", "imagenet", "--data", phantoms,
                "--out", tmp_path/"run", env={"BRAIN_ADV_VGG16_WEIGHTS": str(tmp_path/"nope.h5")})
    assert r.returncode == 2 and "BRAIN_ADV_VGG16_WEIGHTS" in r.stderr and "Traceback" not in r.stderr

def test_failed_imagenet_download_is_one_line(phantoms, tmp_path):
    r = run_cli("train", "--preset", "smoke", "--backbone", "vgg16", "--weights", "imagenet", "--data", phantoms,
                "--out", tmp_path/"run", "--epochs-frozen", "0", "--epochs-finetune", "1", env={"BRAIN_ADV_VGG16_WEIGHTS": None})
    if r.returncode == 0: return  # a connected machine downloaded the weights and trained
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "set BRAIN_ADV_VGG16_WEIGHTS" in r.stderr.strip().splitlines()[-1]

def test_early_stopping_flag_reaches_the_configuration(phantoms, tmp_path):
    r = run_cli("train", "--preset", "smoke", "--data", phantoms, "--out", tmp_path/"run", "--early-stopping", "1",
                "--epochs-finetune", "12")
    assert r.returncode == 0, r.stderr
    assert "early_stopping_patience: 1" in (tmp_path/"run"/"config.yaml").read_text()
    epochs = [h["epoch"] for h in json.loads((tmp_path/"run"/"state.json").read_text())["history"]]
    assert epochs[0] == 1 and epochs == list(range(1, len(epochs) + 1))

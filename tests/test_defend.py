"Adversarial training, robustness evaluation and the squeezing detector from the command line, on synthetic phantoms."
import json, sys
from pathlib import Path
import pytest
from conftest import kill_and_resume, run_cli

@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("defend")
    assert run_cli("synth", root/"ph", "--per-class", "20", "--size", "32", "--seed", "0").returncode == 0
    r = run_cli("train", "--preset", "smoke", "--data", root/"ph", "--out", root/"run", "--epochs-finetune", "3")
    assert r.returncode == 0, r.stderr
    return root/"ph", root/"run"

def test_defend_resumes_after_being_killed(baseline, tmp_path):
    ph, run = baseline
    args = [str(Path(sys.executable).with_name("brain-adv")), "defend", "--model", str(run), "--preset", "smoke", "--data", str(ph),
            "--out", str(tmp_path/"madry"), "--method", "madry", "--epochs", "30", "--quiet"]
    kill_and_resume(args, tmp_path/"madry"/"state.json", 30)
    assert json.loads((tmp_path/"madry"/"metrics.json").read_text())["method"] == "madry"
    assert not (tmp_path/"madry"/"last.keras").exists()

def test_static_variant_without_squeezing_then_evaluated(baseline, tmp_path):
    ph, run = baseline
    r = run_cli("defend", "--model", run, "--preset", "smoke", "--data", ph, "--out", tmp_path/"static", "--method", "paper-static",
                "--no-squeeze", "--epochs", "2")
    assert r.returncode == 0, r.stderr
    assert "paper-static adversarial training without squeezing on 32 images" in r.stdout
    assert "squeeze: false" in (tmp_path/"static"/"config.yaml").read_text()
    assert (tmp_path/"static"/"static_examples.npz").is_file()
    e = run_cli("evaluate", "--model", tmp_path/"static", "--data", ph, "--attacks", "--eps", "0.05", "--alpha", "0.01", "--json")
    assert e.returncode == 0, e.stderr
    m = json.loads(e.stdout)
    assert (m["pgd_eps"], m["pgd_alpha"], m["n"], m["squeeze"]) == (0.05, 0.01, 16, False)
    assert m["pgd"]["paper"] == m["pgd"]["whitebox"]
    assert m["pgd"]["paper"]["accuracy"] <= m["clean"]["accuracy"]

def test_detect_reports_every_attack(baseline):
    ph, run = baseline
    r = run_cli("detect", "--model", run, "--data", ph, "--steps", "3", "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    for attack in ("fgsm", "pgd", "adaptive_pgd"):
        assert 0 <= m[attack]["detection_rate"] <= 1 and 0 <= m[attack]["roc_auc"] <= 1
    assert m["n_val"] > 0 and m["fgsm"]["threshold"] == m["pgd"]["threshold"]

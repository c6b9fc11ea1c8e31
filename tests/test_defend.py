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

@pytest.mark.parametrize("method, flags", [("trades", ("--awp", "0.005", "--ema", "0.9")),  # the mechanism is shared; N-FGSM on the
                                           ("n-fgsm", ("--trainable-layers", "all", "--warmup-epochs", "0.5"))])  # whole backbone
def test_defend_resumes_after_being_killed(baseline, tmp_path, method, flags):
    ph, run = baseline
    args = [str(Path(sys.executable).with_name("brain-adv")), "defend", "--model", str(run), "--preset", "smoke", "--data", str(ph),
            "--out", str(tmp_path/method), "--method", method, "--epochs", "12", "--quiet", "--no-package", *flags]
    kill_and_resume(args, tmp_path/method/"state.json", 12)
    assert json.loads((tmp_path/method/"metrics.json").read_text())["method"] == method
    assert not (tmp_path/method/"last.keras").exists()

@pytest.mark.parametrize("method", ["mart"])  # TRADES: the resume test above and the adversarial-training notebook
def test_loss_methods_with_warm_up_and_averaging_keep_the_most_robust_epoch(baseline, tmp_path, method):
    ph, run = baseline
    r = run_cli("defend", "--model", run, "--preset", "smoke", "--data", ph, "--out", tmp_path/method, "--method", method,
                "--beta", "3", "--warmup-epochs", "0.5", "--select", "robust", "--ema", "0.9", "--schedule", "cosine",
                "--trainable-layers", "4", "--augment", "--epochs", "3", "--seed", "7", "--train-steps", "2", "--train-alpha", "0.03",
                "--no-package")
    assert r.returncode == 0, r.stderr
    config = (tmp_path/method/"config.yaml").read_text()
    assert f"method: {method}" in config and "beta: 3.0" in config and "warmup_epochs: 0.5" in config and "select: robust" in config and "ema: 0.9" in config
    assert "schedule: cosine" in config and "trainable_layers: 4" in config and "augment: true" in config
    assert "steps: 2" in config and "alpha: 0.03" in config and "pgd_steps: 3" in config  # the evaluation's attack is the preset's
    state = json.loads((tmp_path/method/"state.json").read_text())
    scores = [h["val_selection"] for h in state["history"]]
    assert len(scores) == 3 and state["best_epoch"] == scores.index(max(scores)) + 1
    assert json.loads((tmp_path/method/"metrics.json").read_text())["method"] == method
    manifest = json.loads((tmp_path/method/"manifest.json").read_text())
    assert (manifest["seed"], manifest["advtrain_seed"]) == (42, 7) and "seed: 7" in config

def test_defend_settings_are_checked(baseline, tmp_path):
    ph, run = baseline
    for flags, message in ((("--warmup-epochs", "5", "--epochs", "2"), "advtrain.warmup_epochs"), (("--beta", "-1"), "advtrain.beta"),
                           (("--select", "best"), "invalid choice"), (("--ema", "1.5"), "advtrain.ema"),
                           (("--schedule", "step"), "invalid choice"), (("--trainable-layers", "-1"), "advtrain.trainable_layers"),
                           (("--trainable-layers", "most"), "a number of layers or 'all'"),
                           (("--method", "paper", "--awp", "0.01"), "advtrain.awp goes with"), (("--train-steps", "0"), "advtrain.steps")):
        r = run_cli("defend", "--model", run, "--preset", "smoke", "--data", ph, "--out", tmp_path/"bad", *flags)
        assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, (flags, r.stderr)

@pytest.mark.parametrize("method, flags, squeezed", [("madry", (), False), ("n-fgsm", ("--trainable-layers", "all"), False),
                                                     ("madry", ("--squeeze",), True)])
def test_a_defense_is_deployed_as_it_was_trained(baseline, tmp_path, method, flags, squeezed):
    ph, run = baseline
    r = run_cli("defend", "--model", run, "--preset", "smoke", "--data", ph, "--out", tmp_path/method, "--method", method,
                "--epochs", "1", "--no-package", *flags)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path/method/"metrics.json").read_text())["squeeze"] is squeezed
    assert ("without squeezing" in r.stdout) is not squeezed
    e = run_cli("evaluate", "--model", tmp_path/method, "--data", ph, "--attacks", "--eps", "0.05", "--alpha", "0.01", "--json")
    assert e.returncode == 0, e.stderr
    assert json.loads(e.stdout)["squeeze"] is squeezed

def test_static_variant_without_squeezing_then_evaluated(baseline, tmp_path):
    ph, run = baseline
    r = run_cli("defend", "--model", run, "--preset", "smoke", "--data", ph, "--out", tmp_path/"static", "--method", "paper-static",
                "--no-squeeze", "--epochs", "2", "--no-package")
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

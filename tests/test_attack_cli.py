"`brain-adv attack` end to end on a small trained run over synthetic phantoms."
import json, shutil
import numpy as np
import pytest
from conftest import run_cli

@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("attack")
    assert run_cli("synth", root/"ph", "--per-class", "30", "--size", "32", "--seed", "1").returncode == 0
    r = run_cli("train", "--preset", "smoke", "--data", root/"ph", "--out", root/"run", "--train-per-class", "24",
                "--epochs-finetune", "8")
    assert r.returncode == 0, r.stderr
    return root

@pytest.mark.parametrize("attack", ["fgsm", "pgd", "apgd-dlr", "autoattack"])  # autoattack runs APGD-CE and Square
def test_linf_attacks_stay_in_budget_and_do_not_help(trained, attack):
    r = run_cli("attack", "--model", trained/"run", "--data", trained/"ph", "--attack", attack, "--eps", "0.05",
                "--iterations", "10", "--queries", "100", "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert m["n"] == 24 and m["linf_max"] <= 0.05 + 1e-6
    assert m["accuracy"] <= m["clean"]["accuracy"]
    assert set(m["adversarial"]["report"]) >= {"glioma", "meningioma", "notumor", "pituitary", "macro avg"}

def test_pgd_lowers_accuracy_and_saves_images(trained):
    out = trained/"adv"/"pgd.npz"
    r = run_cli("attack", "--model", trained/"run", "--data", trained/"ph", "--attack", "pgd", "--eps", "0.1",
                "--alpha", "0.02", "--steps", "10", "--save", out, "--json")
    m = json.loads(r.stdout)
    assert m["accuracy"] < m["clean"]["accuracy"], m
    saved = np.load(out)
    assert saved["x_adv"].shape == (24, 32, 32, 3) and np.abs(saved["x_adv"] - saved["x"]).max() <= 0.1 + 1e-6
    assert (saved["pred"] != saved["y"]).mean() == pytest.approx(1 - m["accuracy"])

def test_targeted_pgd_reaches_the_target(trained):
    r = run_cli("attack", "--model", trained/"run", "--data", trained/"ph", "--attack", "pgd", "--eps", "0.1",
                "--alpha", "0.02", "--steps", "20", "--targeted", "notumor", "--json")
    m = json.loads(r.stdout)
    assert m["targeted"] == "notumor" and m["target_rate"] > 0.5, m.get("target_rate")

def test_minimum_norm_attacks_run(trained):
    for attack in ("deepfool",):  # Carlini-Wagner goes through the same command path; the attacks notebook and ART test it
        r = run_cli("attack", "--model", trained/"run", "--data", trained/"ph", "--attack", attack, "--eps", "0", "--limit", "8", "--json")
        assert r.returncode == 0, r.stderr
        m = json.loads(r.stdout)
        assert m["n"] == 8 and m["accuracy"] <= m["clean"]["accuracy"]

def test_attack_usage_errors(trained):
    for args in [("--attack", "fgsm", "--eps", "1.5"), ("--attack", "nope", "--eps", "0.1"),
                 ("--attack", "apgd-ce", "--eps", "0.1", "--targeted", "glioma"), ("--attack", "pgd", "--eps", "0.1", "--targeted", "tumour"),
                 ("--attack", "square", "--eps", "0.1", "--queries", "0")]:
        r = run_cli("attack", "--model", trained/"run", "--data", trained/"ph", *args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert r.stderr.startswith("brain-adv attack: error:"), r.stderr
    for args in (("--iterations", "0"), ("--queries", "0")):  # zero is not "the default"
        r = run_cli("evaluate", "--model", trained/"run", "--data", trained/"ph", "--standard", *args)
        assert r.returncode == 2 and r.stderr.startswith("brain-adv evaluate: error: the standard evaluation needs"), (args, r.stderr)

@pytest.fixture(scope="module")
def defended(trained):
    r = run_cli("defend", "--model", trained/"run", "--config", trained/"run"/"config.yaml", "--data", trained/"ph", "--out", trained/"paper",
                "--method", "paper", "--epochs", "1", "--no-package")
    assert r.returncode == 0, r.stderr
    assert not (trained/"paper"/"model_card.json").exists(), "--no-package writes no card"
    return trained/"paper"

def test_attack_targets_what_the_run_deploys(trained, defended):
    args = ("attack", "--model", defended, "--data", trained/"ph", "--attack", "pgd", "--eps", "0.05", "--json")
    deployed, bare = json.loads(run_cli(*args).stdout), json.loads(run_cli(*args, "--no-squeeze").stdout)
    assert (deployed["squeeze"], bare["squeeze"], deployed["leaked_excluded"]) == (True, False, True)
    assert json.loads(run_cli("attack", "--model", trained/"run", "--data", trained/"ph", "--attack", "fgsm", "--eps", "0.05",
                              "--json").stdout)["squeeze"] is False

def test_standard_evaluation_json(trained, defended):
    r = run_cli("evaluate", "--model", defended, "--data", trained/"ph", "--standard", "--iterations", "5", "--queries", "50",
                "--sanity-images", "12", "--json")
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert {"robust_accuracy", "clean_accuracy", "attacks", "n", "leaked_excluded", "sanity", "outcomes"} <= set(m)
    assert m["squeeze"] and m["n"] == 24 and m["leaked_excluded"] is True
    assert set(m["attacks"]) == {"apgd-ce", "apgd-t", "square"}
    assert m["robust_accuracy"] <= min(m["attacks"].values()) <= m["clean_accuracy"]
    assert {"unbounded", "converged", "gradients_not_masked", "surrogate_smooth"} <= set(m["sanity"])
    lines = open(m["outcomes"]).read().splitlines()
    assert len(lines) == 25 and sum(l.endswith(",1") for l in lines[1:]) == m["robust"]["correct"]
    assert set(m["per_class"]) == {"glioma", "meningioma", "notumor", "pituitary"} and "classes_kept" in m["sanity"]
    assert sum(r["worst"]["correct"] for r in m["per_class"].values()) == m["robust"]["correct"]
    assert min(r["worst"]["accuracy"] for r in m["per_class"].values()) == m["weakest_class"]["worst"]

def test_shards_merge_into_the_single_run(trained, defended, tmp_path):
    common = ("evaluate", "--model", defended, "--data", trained/"ph", "--standard", "--iterations", "4", "--queries", "20",
              "--chunk", "8", "--sanity-images", "12", "--json")
    single = json.loads(run_cli(*common, "--outcomes", tmp_path/"single.csv").stdout)
    shutil.copytree(defended, tmp_path/"copy", ignore=shutil.ignore_patterns("standard"))  # the shards compute afresh
    parts = []
    for i in (1, 2, 3):
        r = run_cli(*common[:2], tmp_path/"copy", *common[3:], "--shard", f"{i}/3", "--outcomes", tmp_path/f"shard{i}.csv")
        assert r.returncode == 0, r.stderr
        (tmp_path/f"shard{i}.json").write_text(r.stdout)
        parts.append(json.loads(r.stdout))
    assert [p["n"] for p in parts] == [8, 8, 8] and len({l for p in parts for l in open(p["outcomes"]).read().splitlines()[1:]}) == 24
    r = run_cli("merge", *(tmp_path/f"shard{i}.json" for i in (1, 2, 3)), "--outcomes", tmp_path/"merged.csv", "--json")
    assert r.returncode == 0, r.stderr
    merged = json.loads(r.stdout)
    assert (tmp_path/"merged.csv").read_text() == (tmp_path/"single.csv").read_text()
    for key in ("clean", "robust", "per_class", "balanced", "sanity"):
        assert merged[key] == single[key], key
    r = run_cli("merge", tmp_path/"shard1.json", tmp_path/"shard2.json")
    assert r.returncode == 2 and r.stderr.startswith("brain-adv merge: error: merge needs every shard"), r.stderr
    for args in (("--shard", "4/3"), ("--shard", "1/9"), ("--budget", "standard", "--iterations", "5")):
        r = run_cli(*common[:-1], *args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
    r = run_cli("evaluate", "--model", defended, "--data", trained/"ph", "--set", "development")
    assert r.returncode == 2 and "--set goes with --standard" in r.stderr, r.stderr

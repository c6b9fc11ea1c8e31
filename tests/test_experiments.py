"""The papermill template of nbs/experiments runs end to end with injected parameters, as the README shows."""
import json
from pathlib import Path
import papermill as pm
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT/"nbs"/"experiments"/"reproduce.ipynb"

def test_parameter_files_name_the_papers_simulations():
    for name, eps, alpha in (("sim1", 0.05, 0.04), ("sim2", 0.01, 0.002)):
        for scale, size in (("paper", 128), ("cpu", 64)):
            p = yaml.safe_load((TEMPLATE.parent/"params"/f"{scale}-{name}.yaml").read_text())
            assert (p["preset"], p["image_size"], p["eps"], p["alpha"], p["steps"]) == (f"{scale}-{name}", size, eps, alpha, 10)
            assert (p["finetune_learning_rate"], p["progress"], p.get("download", False)) == (1e-4, True, scale == "paper")

def test_papermill_smoke_run(tmp_path):
    out = tmp_path/"run"
    pm.execute_notebook(str(TEMPLATE), str(tmp_path/"executed.ipynb"), kernel_name="python3", progress_bar=False,
                        parameters={"preset": "smoke", "out": str(out), "eps": 0.03, "alpha": 0.01, "finetune_learning_rate": 1e-3})
    executed = json.loads((tmp_path/"executed.ipynb").read_text())
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1
    for f in ("report.md", "report.html", "metrics.json", "figures/confidence_before.png", "figures/confidence_after.png"):
        assert (out/f).is_file(), f
    m = json.loads((out/"metrics.json").read_text())
    assert (m["config"]["attack"]["pgd_eps"], m["config"]["attack"]["pgd_alpha"], m["synthetic"]) == (0.03, 0.01, True)
    assert m["config"]["train"]["finetune_learning_rate"] == 1e-3
    shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in executed["cells"] for o in c.get("outputs", []))
    assert "The paper's Table 2" in shown and "SYNTHETIC DATA" in shown
    text = "".join("".join(o.get("text", "")) for c in executed["cells"] for o in c.get("outputs", []))
    assert "WARNING:tensorflow" not in text and "report: started" in text

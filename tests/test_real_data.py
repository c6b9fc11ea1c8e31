"The audit and the data pipeline on the real Kaggle copy named by BRAIN_ADV_DATA (CI sets it; missing then fails)."
import json, os
from pathlib import Path
import pytest
from conftest import run_cli

REAL = os.environ.get("BRAIN_ADV_DATA")
pytestmark = pytest.mark.skipif(not REAL, reason="BRAIN_ADV_DATA is not set")

@pytest.fixture(scope="module")
def real():
    assert Path(REAL).is_dir(), f"BRAIN_ADV_DATA={REAL} is not a folder"
    return Path(REAL)

def test_audit_matches_the_dataset_card(real):
    r = run_cli("audit", real, "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["total"] == 7019 and s["corrupt"] == [] and s["synthetic"] is False
    assert s["counts"] == {"Testing": {"glioma": 300, "meningioma": 306, "notumor": 405, "pituitary": 300},
                           "Training": {"glioma": 1321, "meningioma": 1339, "notumor": 1591, "pituitary": 1457}}
    d = s["duplicates"]
    assert (d["groups"], d["cross_split"], d["cross_class"], d["redundant_files"]) == (300, 189, 0, 426)
    assert d["in_other_split"]["Testing"] == 216
    assert s["modes"].keys() == {"RGB", "L"}

def test_splits_and_pipeline_on_real_images(real):
    import numpy as np
    from brain_adv.config import DataConfig
    from brain_adv.data import audit_folder, make_dataset, make_splits
    a = audit_folder(real, progress=False)
    own = make_splits(a, DataConfig())
    assert own.test_in_train == 216 and len(own.test) == 1311
    clean = make_splits(a, DataConfig(dedup=True))
    assert clean.test_in_train == 0 and len(clean.test) == 1092  # 1,311 less 216 leaked and 3 copies within Testing
    assert {r.rel for r in clean.test} <= {r.rel for r in own.test}
    strat = make_splits(a, DataConfig(split="stratified", dedup=True), seed=5)
    assert strat.test_in_train == 0
    n = len(strat.train) + len(strat.val) + len(strat.test)
    assert n == 7019 - 426 and abs(len(strat.test) / n - 0.2) < 0.01
    ds = make_dataset(own.test[:64], own.labels("test")[:64], image_size=64, batch_size=32)
    batches = list(ds)
    assert [tuple(x.shape) for x, _ in batches] == [(32, 64, 64, 3)] * 2
    x = np.concatenate([b[0].numpy() for b in batches])
    assert x.min() >= 0 and x.max() <= 1 and x.std() > 0.05

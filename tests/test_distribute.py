"Adversarial training under tf.distribute.MirroredStrategy on two logical CPU devices, in a fresh process (devices must be set before TensorFlow starts)."
import json, subprocess, sys
import pytest

SCRIPT = r'''
import json, sys, numpy as np, tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import keras
from pathlib import Path
from brain_adv.config import AttackConfig, ModelConfig, SqueezeConfig, get_preset, override
from brain_adv.data import write_phantoms
from brain_adv.model import build_model, make_strategy, set_phase
from brain_adv.advtrain import make_trainer
from brain_adv.pipeline import defend_run, train_run
rng = np.random.default_rng(0)
x = rng.random((64, 32, 32, 3), dtype=np.float32); y = (x[..., 0].mean((1, 2)) > 0.5).astype(np.int32) * 2
data = lambda: tf.data.Dataset.from_tensor_slices((x, y)).batch(16)

def trainer(strategy, method, sq, frozen_bn=False, sgd=False):
    keras.utils.set_random_seed(0)
    with strategy.scope():
        m = build_model(ModelConfig(backbone="small_cnn", weights=None, dense_units=8, dropout=0.0), 32)
        set_phase(m, "finetune", 99)
        for layer in m.get_layer("small_cnn").layers:
            if frozen_bn and isinstance(layer, keras.layers.BatchNormalization): layer.trainable = False
        t = make_trainer(m, method, AttackConfig(0.05, 0.05, 0.01, 3), sq, 1e-3)
        if sgd: t.compile(optimizer=keras.optimizers.SGD(0.5), loss=keras.losses.SparseCategoricalCrossentropy())
    return m, t

mirrored = make_strategy("mirrored")
out = {"replicas": mirrored.num_replicas_in_sync, "methods": {}, "same_step": {}}
for method, sq in (("madry", None), ("paper", SqueezeConfig()), ("fast", None), ("n-fgsm", None), ("trades", None), ("mart", None)):
    m, t = trainer(mirrored, method, sq)
    before = [w.numpy().copy() for w in m.trainable_weights]
    h = t.fit(data(), epochs=1, verbose=0, shuffle=False)
    out["methods"][method] = {"loss": h.history["loss"][0], "moved": any(not np.allclose(a, w.numpy()) for a, w in zip(before, m.trainable_weights))}
for method, sq in (("paper", SqueezeConfig()), ("clean", None)):
    weights = {}
    for name, strategy in (("default", tf.distribute.get_strategy()), ("mirrored", mirrored)):
        m, t = trainer(strategy, method, sq, frozen_bn=True, sgd=True)
        start = [w.numpy().copy() for w in m.trainable_weights]
        t.fit(data(), epochs=1, verbose=0, shuffle=False)
        weights[name] = [w.numpy() for w in m.trainable_weights]
    out["same_step"][method] = {"moved": max(float(np.abs(a - b).max()) for a, b in zip(weights["default"], start)),
                                "differ": max(float(np.abs(a - b).max()) for a, b in zip(weights["default"], weights["mirrored"]))}
root = Path(sys.argv[1])
ph = write_phantoms(root/"ph", n_per_class=20, size=32, seed=0, progress=False)
cfg = override(get_preset("smoke"), **{"compute.strategy": "mirrored", "advtrain.method": "madry", "advtrain.awp": 0.005,
                                       "advtrain.ema": 0.9})
base = train_run(cfg, root/"run", data=ph, progress=False, log=lambda s: None)
adv = defend_run(root/"run", cfg, root/"madry", data=ph, progress=False, log=lambda s: None)
out["pipeline"] = {"train": base["clean"]["accuracy"], "advtrain": adv["clean"]["accuracy"]}
print(json.dumps(out))
'''

@pytest.fixture(scope="module")
def mirrored(tmp_path_factory):
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path_factory.mktemp("mirrored"))], capture_output=True, text=True,
                       timeout=900, env={"TF_CPP_MIN_LOG_LEVEL": "2", **__import__("os").environ})
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["replicas"] == 2
    return out

def test_adversarial_training_runs_under_mirrored_strategy(mirrored):
    for method in ("madry", "paper", "fast", "n-fgsm", "trades", "mart"):
        assert mirrored["methods"][method]["moved"] and 0 < mirrored["methods"][method]["loss"] < 10, (method, mirrored["methods"][method])

def test_an_epoch_on_two_devices_gives_one_devices_weights(mirrored):
    "With deterministic examples (the paper's FGSM + PGD without random start, or clean) and frozen batch norm, two replicas must take one device's SGD steps: the gradients averaged over the global batch, not summed or per replica."
    for method, d in mirrored["same_step"].items():
        assert d["moved"] > 1e-3 and d["differ"] <= 0.01 * d["moved"], (method, d)

def test_train_and_defend_runs_under_mirrored_strategy(mirrored):
    assert all(0 <= a <= 1 for a in mirrored["pipeline"].values()), mirrored["pipeline"]

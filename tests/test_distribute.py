"Adversarial training under tf.distribute.MirroredStrategy on two logical CPU devices, in a fresh process (devices must be set before TensorFlow starts)."
import json, subprocess, sys

SCRIPT = r'''
import json, math, numpy as np, tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import keras
from brain_adv.config import AttackConfig, ModelConfig, SqueezeConfig
from brain_adv.model import build_model, set_phase
from brain_adv.advtrain import make_trainer
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
rng = np.random.default_rng(0)
x = rng.random((64, 32, 32, 3), dtype=np.float32); y = (x[..., 0].mean((1, 2)) > 0.5).astype(np.int32) * 2
out = {"replicas": strategy.num_replicas_in_sync}
for method, sq in (("madry", None), ("paper", SqueezeConfig()), ("fast", None)):
    keras.utils.set_random_seed(0)
    with strategy.scope():
        m = build_model(ModelConfig(backbone="small_cnn", weights=None, dense_units=8, dropout=0.0), 32)
        set_phase(m, "finetune", 99)
        t = make_trainer(m, method, AttackConfig(0.05, 0.05, 0.01, 3), sq, 1e-3)
    before = [w.numpy().copy() for w in m.trainable_weights]
    h = t.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16), epochs=1, verbose=0, shuffle=False)
    out[method] = {"loss": h.history["loss"][0], "moved": any(not np.allclose(a, w.numpy()) for a, w in zip(before, m.trainable_weights))}
print(json.dumps(out))
'''

def test_adversarial_training_runs_under_mirrored_strategy():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600, env={"TF_CPP_MIN_LOG_LEVEL": "2", **__import__("os").environ})
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["replicas"] == 2
    for method in ("madry", "paper", "fast"):
        assert out[method]["moved"] and 0 < out[method]["loss"] < 10, (method, out[method])

SAME_ACCURACY = r'''
import json, sys, tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from pathlib import Path
from brain_adv.config import get_preset, override
from brain_adv.data import write_phantoms
from brain_adv.model import make_strategy
from brain_adv.pipeline import defend_run, train_run
root = Path(sys.argv[1])
ph = write_phantoms(root/"ph", n_per_class=100, size=32, seed=0, progress=False)
out = {"replicas": make_strategy("mirrored").num_replicas_in_sync}
for strategy in ("default", "mirrored"):
    cfg = override(get_preset("demo"), **{"compute.strategy": strategy,
                                          "advtrain.epochs": 1, "advtrain.method": "madry"})
    base = train_run(cfg, root/strategy, data=ph, progress=False, log=lambda s: None)
    adv = defend_run(root/strategy, cfg, root/f"{strategy}-madry", data=ph, progress=False, log=lambda s: None)
    out[strategy] = {"train": base["clean"]["accuracy"], "advtrain": adv["clean"]["accuracy"], "n": base["clean"]["n"]}
print(json.dumps(out))
'''

def test_one_epoch_on_two_devices_matches_one_device(tmp_path):
    "Training (the demo preset, 10 + 10 epochs) and adversarial training (one epoch) under MirroredStrategy on two logical CPUs reach one device's accuracy within noise."
    r = subprocess.run([sys.executable, "-c", SAME_ACCURACY, str(tmp_path)], capture_output=True, text=True, timeout=900,
                       env={"TF_CPP_MIN_LOG_LEVEL": "2", **__import__("os").environ})
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["replicas"] == 2
    n = out["default"]["n"]
    for stage in ("train", "advtrain"):
        one, two = out["default"][stage], out["mirrored"][stage]
        noise = 2 * (2 * max(one * (1 - one), two * (1 - two), 1 / n) / n) ** 0.5
        assert abs(one - two) <= noise, (stage, one, two, noise)
    assert out["default"]["train"] > 0.5, "one epoch per phase must learn the phantoms at all for the comparison to mean anything"

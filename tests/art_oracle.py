"A small trained classifier on phantoms and ART wrappers around it, shared by the cross-checks against ART."
import numpy as np
import keras
from brain_adv.config import DataConfig, ModelConfig
from brain_adv.data import audit_folder, make_dataset, make_splits, write_phantoms
from brain_adv.model import build_model, compile_for, logits_model, set_phase

def trained_phantom_model(root, n_per_class=60, size=32, epochs=12, seed=0):
    "A small CNN fitted to synthetic phantoms, and its test images and labels."
    keras.utils.set_random_seed(seed)
    ph = write_phantoms(root, n_per_class=n_per_class, size=size, seed=seed, progress=False)
    sp = make_splits(audit_folder(ph, progress=False), DataConfig(val_fraction=0), seed=seed)
    model = build_model(ModelConfig(backbone="small_cnn", weights=None, dense_units=32, dropout=0.0), size)
    set_phase(model, "finetune", 99); compile_for(model, 3e-3)
    model.fit(make_dataset(sp.train, sp.labels("train"), size, 16, shuffle=True, seed=seed), epochs=epochs, verbose=0, shuffle=False)
    x = np.concatenate([b[0].numpy() for b in make_dataset(sp.test, sp.labels("test"), size, 64)])
    return model, x, sp.labels("test")

def art_classifier(model):
    "ART's TensorFlow v2 wrapper around the logits of `model`, loss from logits, pixels in [0, 1]."
    from art.estimators.classification import TensorFlowV2Classifier
    return TensorFlowV2Classifier(model=logits_model(model), nb_classes=int(model.output_shape[-1]),
                                  input_shape=tuple(model.input_shape[1:]), clip_values=(0.0, 1.0),
                                  loss_object=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

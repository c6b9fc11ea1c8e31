"""How near the Testing images of the Kaggle Brain Tumor MRI set are to its Training images, to choose the two
near-copy thresholds of `brain_adv.data` (`NEAR_THRESHOLD` bits, `NEAR_PIXEL_THRESHOLD`).

For the Testing images without a byte-identical copy in Training: the perceptual-hash distance to the nearest Training
image; for every Testing-Training pair within `MAX_BITS` bits, the mean absolute difference of their 64x64 grayscale
thumbnails in gray levels (1/255), raw and with brightness and contrast matched (`matched_differences`, what the audit
uses), as histograms for the `notumor` pairs and the tumour pairs (glioma, meningioma, pituitary); how many Testing
images have a near copy in Training for a grid of both thresholds; and at the chosen thresholds, per class, the audit's
near-copy groups and the `leaked`/`near_leaked` counts of `make_splits` with the default `DataConfig`; and each test
image with a near copy in training with its closest copy (test path, training path, bits, gray levels).

Run from the project root: `python results/data/near-copies.py [DATA]` (DATA: the dataset folder, by default
../shared/data/brain-tumor-mri); it writes results/data/near-copies.json next to this file.
"""
import sys
from collections import Counter
from pathlib import Path
import numpy as np
from brain_adv.config import CLASSES, DataConfig, write_json
from brain_adv.data import (NEAR_PIXEL_THRESHOLD, NEAR_THRESHOLD, audit_folder, make_splits, near_copies,
                            pixel_differences)

MAX_BITS = 10
BITS = (0, 2, 4, 6, 8, 10)
LEVELS = (1, 1.5, 2, 2.5, 3, 4)
BINS = np.arange(0, 6.01, 0.25)

def raw_differences(thumbs, rows, cols, chunk=2048) -> np.ndarray:
    "Mean absolute difference in gray levels of the thumbnail pairs, without matching."
    return np.concatenate([np.abs(thumbs[rows[k:k + chunk]].astype(np.float32) - thumbs[cols[k:k + chunk]]).mean((1, 2))
                           for k in range(0, len(rows), chunk)])

def histogram(levels: np.ndarray) -> dict:
    "Counts in bins of a quarter gray level from 0 to 6, and above 6."
    return {"bins": np.histogram(levels, BINS)[0].tolist(), "above": int((levels >= BINS[-1]).sum())}

def with_copy(test: np.ndarray, bits: np.ndarray, levels: np.ndarray) -> dict:
    "`{'<=B bits': [Testing images with a pair within B bits and L levels, for L in LEVELS]}`."
    return {f"<={b} bits": [len(set(test[(bits <= b) & (levels <= lv)])) for lv in LEVELS] for b in BITS}

def by_class(records: list) -> dict:
    "`{class: n}` of `records`, classes in canonical order."
    n = Counter(r.label for r in records)
    return {c: n[c] for c in CLASSES if n[c]}

def main(root: Path) -> dict:
    audit = audit_folder(root, progress=False)
    v = audit.valid
    label = np.array([i.record.label for i in v])
    train = np.array([k for k, i in enumerate(v) if i.record.split == "Training"])
    in_train = {v[k].sha256 for k in train}
    test = np.array([k for k, i in enumerate(v) if i.record.split == "Testing" and i.sha256 not in in_train])
    hashes, thumbs = np.array([i.phash for i in v], np.uint64), np.stack([i.thumb for i in v])
    dist = np.bitwise_count(hashes[test][:, None] ^ hashes[train][None, :])
    t, r = np.nonzero(dist <= MAX_BITS)
    rows, cols, bits = test[t], train[r], dist[t, r].astype(int)
    matched = pixel_differences(thumbs, rows, cols)
    raw = raw_differences(thumbs, rows, cols)
    tumour = label[rows] != "notumor"
    chosen = (bits <= NEAR_THRESHOLD) & (matched <= NEAR_PIXEL_THRESHOLD)
    same_class = label[rows] == label[cols]
    found = [v[k].record for k in np.unique(rows[chosen])]
    splits = make_splits(audit, DataConfig())
    near = audit.summary()["near_duplicates"]
    return {
        "data": str(root), "testing_without_byte_copy": len(test),
        "nearest_bits": dict(sorted(Counter(dist.min(1).tolist()).items())),
        "same_hash_by_class": by_class([v[k].record for k in test[dist.min(1) == 0]]),
        "pairs_within_max_bits": {"max_bits": MAX_BITS, "pairs": len(rows), "cross_class": int((~same_class).sum()),
                                  "cross_class_min_matched": round(float(matched[~same_class].min()) * 255, 2)},
        "matched_levels": {"notumor": histogram(matched[~tumour] * 255), "tumour": histogram(matched[tumour] * 255)},
        "raw_levels": histogram(raw),
        "levels": list(LEVELS),
        "testing_with_copy_matched": with_copy(rows, bits, matched * 255),
        "testing_with_copy_raw": with_copy(rows, bits, raw),
        "chosen": {"bits": NEAR_THRESHOLD, "levels": round(NEAR_PIXEL_THRESHOLD * 255, 2),
                   "testing_with_copy": len(found), "by_class": by_class(found),
                   "audit_near_duplicates": {k: near[k] for k in ("groups", "cross_split", "cross_class",
                                                                  "redundant_files", "in_other_split")},
                   "largest_group": max(map(len, audit.near_groups())),
                   "dataset_split": {"test_by_class": by_class(splits.test),
                                     "leaked_by_class": by_class([r for r in splits.test if r.rel in splits.leaked]),
                                     "leaked": len(splits.leaked), "near_leaked": len(splits.near_leaked),
                                     "near_leaked_by_class": by_class([r for r in splits.test
                                                                       if r.rel in splits.near_leaked])}},
        "near_copies": [[c.test.rel, c.train.rel, c.bits, round(c.difference * 255, 2)]
                        for c in near_copies(audit, splits)]}

if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/brain-tumor-mri")
    out = write_json(Path(__file__).with_suffix(".json"), main(root))
    print(out.read_text())

"""Minutes of the standard worst-case evaluation (`brain-adv evaluate --standard`), per attack of the cascade and for
its sanity checks, from the JSON that the command printed; and the time projected to AutoAttack's full settings (APGD
100 iterations, Square 5,000 queries) on a given number of images, scaling each attack's measured seconds by its
iterations or queries and by the images (for Square an upper bound: it stops on an image once it is broken).

    python benchmarks/standard_time.py results/standard/cpu-sim2-baseline.json ... [--images 1095] [--out FILE]
"""
import argparse, json
from pathlib import Path

FULL_ITERS, FULL_QUERIES = 100, 5000

def row(path: Path, images: int) -> str:
    m = json.loads(path.read_text())
    s, scale = m["seconds_by_attack"], images / m["n"]
    per = {a: s.get(a, 0.0) for a in ("apgd-ce", "apgd-t", "square")}
    full = ((per["apgd-ce"] + per["apgd-t"]) * FULL_ITERS / m["n_iter"] * scale
            + per["square"] * FULL_QUERIES / m["n_queries"] * scale)
    mins = lambda v: f"{v / 60:8.1f}"
    return (f"{path.stem:24} {m['n']:>5} {m['n_iter']:>5} {m['n_queries']:>6} " + "".join(mins(v) for v in per.values())
            + mins(sum(per.values())) + mins(m["seconds"]["sanity"]) + mins(sum(per.values()) + m["seconds"]["sanity"])
            + mins(full))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results", nargs="+", type=Path,
                   help="JSON files printed by brain-adv evaluate --standard --json "
                        "(training summaries *-train.json are skipped)")
    p.add_argument("--images", type=int, default=1095,
                   help="images of the projection (default: the 1,095 de-duplicated test images)")
    p.add_argument("--out", type=Path, help="also write the table here")
    a = p.parse_args(argv)
    head = (f"{'evaluation':24} {'n':>5} {'iter':>5} {'queries':>6}"
            + "".join(f"{c:>8}" for c in ("APGD-CE", "APGD-T", "Square", "cascade", "sanity", "total"))
            + f"  full settings, {a.images:,} images (projected)")
    # not training summaries
    lines = ["minutes on this machine", head] + [row(r, a.images) for r in a.results if not r.stem.endswith("-train")]
    text = "\n".join(lines)
    print(text)
    if a.out: a.out.write_text(text + "\n")

if __name__ == "__main__": main()

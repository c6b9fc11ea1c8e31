"""Build the documentation site offline with Jupyter Book 1, from the notebooks in nbs/ and their stored outputs.

nbdev's own `nbdev-docs` needs Quarto, which cannot be installed everywhere; this builds the same pages with Sphinx
(Jupyter Book 1, myst-nb). nbdev's cell directives are mapped first: `#| hide` and `#| default_exp` cells are dropped,
`#| echo: false` hides a cell's code, `#| output: false` its output, and the other directive lines are removed.
Usage: python tools/docs.py [OUT]   (default OUT: _docs; the site is OUT/_build/html)."""
import shutil, subprocess, sys
from pathlib import Path
import nbformat, yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/"nbs"
CHAPTERS = ["index", "00_config", "01_data", "02_model", "03_attacks", "04_squeeze", "05_advtrain", "06_evaluate", "07_plots",
            "08_pipeline", "09_cli", "experiments/reproduce", "results"]

def directives(source: str) -> tuple:
    "The nbdev directives of a cell (lower-cased, without '#|') and its source without them."
    lines = source.splitlines()
    head = [l for l in lines if l.startswith("#|")]
    return [l[2:].strip().lower() for l in head], "\n".join(l for l in lines if not l.startswith("#|"))

def convert(src: Path, dst: Path):
    "Copy a notebook with nbdev directives turned into Jupyter Book cell tags."
    nb = nbformat.read(src, as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            flags, cell.source = directives(cell.source)
            if any(f == "hide" or f.startswith("default_exp") for f in flags): continue
            tags = set(cell.metadata.get("tags", []))
            if "echo: false" in flags: tags.add("remove-input")
            if "output: false" in flags: tags.add("remove-output")
            if tags: cell.metadata["tags"] = sorted(tags)
        cells.append(cell)
    nb.cells = cells
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)

def build(out=ROOT/"_docs") -> Path:
    "Build the site into `out/_build/html`; return the path of its index page."
    out = Path(out)
    src = out/"src"
    shutil.rmtree(src, ignore_errors=True)
    for name in CHAPTERS: convert(NBS/f"{name}.ipynb", src/f"{name}.ipynb")
    (src/"_config.yml").write_text(yaml.safe_dump({
        "title": "brain_adv", "author": "brain_adv developers", "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"}, "repository": {"url": "https://github.com/brain-adv/brain_adv"},
        "sphinx": {"config": {"html_show_copyright": False, "nb_merge_streams": True}}}))
    (src/"_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "index",
                                                "chapters": [{"file": c} for c in CHAPTERS[1:]]}, sort_keys=False))
    subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "--path-output", str(out), "--warningiserror",
                    "--quiet"], check=True)
    return out/"_build"/"html"/"index.html"

if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else ROOT/"_docs"))

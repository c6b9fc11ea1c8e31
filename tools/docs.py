"""Build the documentation site offline with Jupyter Book 1, from the notebooks in nbs/ and their stored outputs.

nbdev's own `nbdev-docs` needs Quarto, which cannot be installed everywhere; this builds the same pages with Sphinx
(Jupyter Book 1, myst-nb). nbdev's cell directives are mapped first: `#| hide` and `#| default_exp` cells are dropped,
`#| echo: false` hides a cell's code, `#| code-fold: true` folds it, `#| output: false` its output, and the other directive lines are removed. As nbdev's own
docs do, every public function and class of an `#| export` cell gets its signature and docstring rendered after the cell,
whose source is folded (the package holds it).
Usage: python tools/docs.py [OUT]   (default OUT: _docs; the site is OUT/_build/html)."""
import ast, re, shutil, subprocess, sys
from pathlib import Path
import nbformat, yaml

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/"nbs"
CHAPTERS = ["index", "00_config", "01_data", "02_model", "03_attacks", "04_squeeze", "05_advtrain", "06_evaluate", "07_plots",
            "08_report", "09_pipeline", "10_screen", "11_app", "12_cli", "experiments/reproduce", "results"]

# tables in a smaller type, so that the wide ones fit the article
CSS = """.cell_output table { font-size: 0.85rem; }
"""

def directives(source: str) -> tuple:
    "The nbdev directives of a cell (lower-cased, without '#|') and its source without them."
    lines = source.splitlines()
    head = [l for l in lines if l.startswith("#|")]
    return [l[2:].strip().lower() for l in head], "\n".join(l for l in lines if not l.startswith("#|"))

WIDTH = 80  # a longer signature gets a parameter per line, so that its block never scrolls sideways

def _param(p: ast.arg, default) -> str:
    return p.arg + (f": {ast.unparse(p.annotation)}" if p.annotation else "") + (f"={ast.unparse(default)}" if default else "")

def _params(f: ast.FunctionDef, method: bool = False) -> list:
    "A function's parameters as written in the source, defaults included (without `self` for a method)."
    a = f.args
    pos = a.posonlyargs + a.args
    out = [_param(p, d) for p, d in zip(pos, [None] * (len(pos) - len(a.defaults)) + a.defaults)]
    if a.vararg: out.append("*" + _param(a.vararg, None))
    elif a.kwonlyargs: out.append("*")
    out += [_param(p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg: out.append("**" + _param(a.kwarg, None))
    return out[1:] if method else out

def _fields(c: ast.ClassDef) -> list:
    "The constructor parameters of a dataclass: its annotated fields with their defaults."
    return [f"{ast.unparse(b.target)}: {ast.unparse(b.annotation)}" + (f" = {ast.unparse(b.value)}" if b.value else "")
            for b in c.body if isinstance(b, ast.AnnAssign)]

def _call(head: str, params: list, tail: str = "") -> str:
    one_line = f"{head}({', '.join(params)}){tail}"
    return one_line if len(one_line) <= WIDTH else f"{head}(\n" + "".join(f"    {p},\n" for p in params) + f"){tail}"

def signature(node) -> str:
    "How a function or class is called: its name and parameters (a function's return annotation too), wrapped when long."
    if isinstance(node, ast.FunctionDef):
        return _call(node.name, _params(node), f" -> {ast.unparse(node.returns)}" if node.returns else "")
    init = next((b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"), None)
    return _call(f"class {node.name}", _params(init, method=True) if init else _fields(node))

def api_docs(source: str) -> list:
    "Markdown for each public function and class defined in `source`: its signature, its bases and its docstring."
    out = []
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name.startswith("_"): continue
        bases = ", ".join(f"`{ast.unparse(b)}`" for b in getattr(node, "bases", []))
        out.append("\n\n".join(filter(None, [f"```python\n{signature(node)}\n```", bases and f"*Based on {bases}.*",
                                               ast.get_docstring(node)])))
    return out

SCRATCH = re.compile(r"/tmp/|/var/folders/|\btmp[a-z0-9_]{8}\b")  # a scratch folder's path: meaningless to a reader
WARNING = re.compile(r"\bwarn(ing)?\b|triggered tf\.function retracing", re.I)

def output_problems(nb) -> list:
    "Stored outputs a reader should not see: a scratch folder's path, or a warning."
    found = []
    for k, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") + "".join(v for key, v in out.get("data", {}).items() if key.startswith("text/"))
            if SCRATCH.search(text): found.append(f"cell {k}: a temporary path: {SCRATCH.search(text).group(0)}")
            if out.get("name") == "stderr" and WARNING.search(text): found.append(f"cell {k}: a warning: {text.strip()[:80]}")
    return found

def convert(src: Path, dst: Path):
    "Copy a notebook with nbdev directives turned into Jupyter Book cell tags."
    nb = nbformat.read(src, as_version=4)
    if problems := output_problems(nb): raise SystemExit(f"{src.name}: " + "; ".join(problems))
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "raw": continue  # nbdev front matter (skip_exec and the like), not page content
        if cell.cell_type == "code":
            flags, cell.source = directives(cell.source)
            if any(f == "hide" or f.startswith("default_exp") for f in flags): continue
            tags = set(cell.metadata.get("tags", []))
            docs = api_docs(cell.source) if "export" in flags else []
            if "export" in flags: tags.add("hide-input")  # the package holds the source; the page shows the API
            if "echo: false" in flags: tags.add("remove-input")
            if "code-fold: true" in flags: tags.add("hide-input")
            if "output: false" in flags: tags.add("remove-output")
            if tags: cell.metadata["tags"] = sorted(tags)
            cells.append(cell)
            cells += [nbformat.v4.new_markdown_cell(d) for d in docs]
            continue
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
    if (NBS/"images").is_dir(): shutil.copytree(NBS/"images", src/"images")
    (src/"_static").mkdir(parents=True, exist_ok=True)
    (src/"_static"/"brain_adv.css").write_text(CSS)
    (src/"_config.yml").write_text(yaml.safe_dump({
        "title": "brain_adv", "author": "brain_adv developers", "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"}, "repository": {"url": "https://github.com/brain-adv/brain_adv"},
        "sphinx": {"config": {"html_show_copyright": False, "nb_merge_streams": False, "nb_render_markdown_format": "gfm",
                                         "html_static_path": ["_static"], "html_css_files": ["brain_adv.css"]}}}))
    (src/"_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "index",
                                                "chapters": [{"file": c} for c in CHAPTERS[1:]]}, sort_keys=False))
    subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "--path-output", str(out), "--warningiserror",
                    "--quiet"], check=True)
    return out/"_build"/"html"/"index.html"

if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else ROOT/"_docs"))

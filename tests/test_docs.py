"""The documentation site builds offline, and every page and figure loads in headless Chromium."""
import functools, http.server, socketserver, sys, threading
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/"tools"))
import docs  # noqa: E402

from conftest import needs_browser  # noqa: E402

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    index = docs.build(tmp_path_factory.mktemp("docs"))
    assert index.is_file()
    return index.parent

@pytest.fixture(scope="module")
def served(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(site))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()

def test_every_chapter_is_a_page(site):
    for name in docs.CHAPTERS: assert (site/f"{name}.html").is_file(), name

def test_directives_are_mapped(site):
    html = (site/"06_evaluate.html").read_text()
    assert "#| export" not in html and "default_exp" not in html and "reliability_bins" in html
    assert "#| code-fold" not in (site/"results.html").read_text()

def test_api_docs_render_signatures_and_docstrings():
    src = ('''def fgsm(model, x, y, eps: float, targeted: bool = False) -> np.ndarray:\n    "One step."\n'''
           '''def _hidden(x): pass\n@dataclass\nclass Budget(Base):\n    "A budget."\n    eps: float = 0.01\n'''
           '''class Log:\n    def __init__(self, path, echo: bool = True): pass\n''')
    docs_ = docs.api_docs(src)
    assert len(docs_) == 3 and "_hidden" not in "".join(docs_)
    assert "fgsm(model, x, y, eps: float, targeted: bool=False) -> np.ndarray" in docs_[0] and docs_[0].endswith("One step.")
    assert "class Budget(eps: float = 0.01)" in docs_[1] and "`Base`" in docs_[1]
    assert "class Log(path, echo: bool=True)" in docs_[2]
    wide = docs.api_docs("def f(a_long_parameter_name: int = 1, another_long_parameter_name: str = 'x', *, flag: bool = False):"
                         "\n    'Wide.'\n")[0]
    assert "f(\n    a_long_parameter_name: int=1,\n    another_long_parameter_name: str='x',\n    *,\n    flag: bool=False,\n)" in wide

def test_chapters_fold_source_and_show_api(site):
    import html as h, re
    page = (site/"03_attacks.html").read_text()
    text = h.unescape(re.sub(r"<[^>]+>", "", page))
    assert "fgsm(\n    model,\n    x,\n    y,\n    eps: float,\n    targeted: bool=False,\n    batch_size: int=32,\n) -> np.ndarray" in text
    assert "Fast gradient sign method: one signed gradient step" in text and "tag_hide-input" in page

def test_tables_are_html_and_outputs_have_no_tensorflow_noise(site):
    for name in ("index", "results", "experiments/reproduce"):
        page = (site/f"{name}.html").read_text()
        assert "<table" in page, name
        assert "WARNING:tensorflow" not in page and "oneDNN custom operations" not in page, name
        assert ">NaN<" not in page and ">nan<" not in page, name  # an empty cell is blank
    assert "| threat model |" not in (site/"experiments/reproduce.html").read_text()

def test_outputs_with_scratch_paths_or_warnings_fail_the_build():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(run)")])
    assert docs.output_problems(nb) == []
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="run folder /tmp/tmpab12_xyz/run\n")]
    assert docs.output_problems(nb) == ["cell 0: a temporary path: /tmp/"]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stderr", text="WARNING:tensorflow:5 out of the last 5 calls\n")]
    assert docs.output_problems(nb)[0].startswith("cell 0: a warning")
    for name in docs.CHAPTERS: assert docs.output_problems(nbformat.read(docs.NBS/f"{name}.ipynb", as_version=4)) == [], name

@needs_browser
def test_pages_and_figures_load_in_chromium(served, browser):
    from selenium.webdriver.support.ui import WebDriverWait
    figures = {}
    for name in docs.CHAPTERS:
        browser.get(f"{served}/{name}.html")
        WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
        h1 = browser.execute_script("return document.querySelector('main h1, article h1, h1')?.textContent || ''")
        assert h1.strip() and "404" not in browser.title, name
        broken = browser.execute_script("return [...document.images].filter(i => i.src.startsWith(location.origin))"
                                        ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")  # offline: only the site's own
        assert broken == [], (name, broken)
        figures[name] = browser.execute_script("return [...document.images].filter(i => i.naturalWidth > 100).length")
    assert figures["07_plots"] >= 5 and figures["results"] >= 4, figures
    browser.set_window_size(1400, 1000)
    browser.get(f"{served}/results.html")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    overflow = browser.execute_script("""const a = document.querySelector('article').getBoundingClientRect().right;
        return [...document.querySelectorAll('article table')].slice(0, 6).map(t => t.getBoundingClientRect().right - a)""")
    assert len(overflow) == 6 and max(overflow) <= 0, overflow  # the defense tables fit the page at 1,400 px
    browser.get(f"{served}/03_attacks.html")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    shown = browser.execute_script("return [...document.querySelectorAll('article pre')].filter(p => p.offsetParent).map(p => p.textContent)")
    assert any(t.startswith("pgd(\n    model,\n    x,\n    y,\n    eps: float,") for t in shown)  # the signature, its source folded
    browser.get(f"{served}/index.html")  # the side bar is filled in by script: wait for it, then read it
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                     and len(d.find_elements("css selector", "nav a")) >= len(docs.CHAPTERS) - 1)
    links = browser.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))")
    for name in docs.CHAPTERS[1:]: assert any(l and l.endswith(f"{name}.html") for l in links), name

"""The documentation site builds offline, and every page and figure loads in headless Chromium."""
import functools, http.server, os, shutil, socketserver, sys, threading
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/"tools"))
import docs  # noqa: E402

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(not (CHROMIUM and DRIVER) and not os.environ.get("CI"),
                                   reason="Debian's chromium and chromium-driver are not installed (CI installs them)")

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

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()

def test_every_chapter_is_a_page(site):
    for name in docs.CHAPTERS: assert (site/f"{name}.html").is_file(), name

def test_directives_are_mapped(site):
    html = (site/"06_evaluate.html").read_text()
    assert "#| export" not in html and "default_exp" not in html and "reliability_bins" in html

@needs_browser
def test_pages_and_figures_load_in_chromium(served, browser):
    from selenium.webdriver.support.ui import WebDriverWait
    figures = {}
    for name in docs.CHAPTERS:
        browser.get(f"{served}/{name}.html")
        WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
        h1 = browser.execute_script("return document.querySelector('main h1, article h1, h1')?.textContent || ''")
        assert h1.strip() and "404" not in browser.title, name
        broken = browser.execute_script("return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], (name, broken)
        figures[name] = browser.execute_script("return [...document.images].filter(i => i.naturalWidth > 100).length")
    assert figures["07_plots"] >= 5 and figures["results"] >= 4, figures
    browser.get(f"{served}/index.html")
    links = browser.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))")
    for name in docs.CHAPTERS[1:]: assert any(l and l.endswith(f"{name}.html") for l in links), name

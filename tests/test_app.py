"The page of `brain-adv serve` answers an uploaded slice, and its attack, in headless Chromium."
import contextlib, os, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import pytest
from conftest import needs_browser, run_cli

@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    "A run trained on phantoms with the demo preset (above chance) and packaged, and a PNG slice to upload."
    from PIL import Image
    from brain_adv.config import get_preset
    from brain_adv.data import write_phantoms
    from brain_adv.pipeline import train_run
    from brain_adv.screen import package_run
    tmp = tmp_path_factory.mktemp("app")
    ph = write_phantoms(tmp/"ph", n_per_class=100, size=32, seed=0, progress=False)
    train_run(get_preset("demo"), tmp/"run", data=ph, progress=False)
    package_run(tmp/"run", data=ph, attack_images=4, progress=False)
    png = tmp/"slice.png"
    Image.open(sorted((ph/"Testing").rglob("*.png"))[0]).resize((64, 64)).save(png)
    return tmp/"run", png

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@contextlib.contextmanager
def serving(run):
    "`brain-adv serve` of `run` on a free port, yielding its address as soon as the page answers."
    port = _free_port()
    exe = Path(sys.executable).with_name("brain-adv")
    log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a server whose unread pipe is full stops answering
    proc = subprocess.Popen([str(exe), "serve", "--model", str(run), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            text=True, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url, deadline = f"http://127.0.0.1:{port}/", time.time() + 180
    try:
        while time.time() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(log.read())
            try:
                if urllib.request.urlopen(url, timeout=5).status == 200: break
            except OSError: time.sleep(0.2)
        else: pytest.fail("the page did not come up in 180 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()

@pytest.fixture(scope="module")
def page(packaged):
    "`brain-adv serve` running on a free port, and its address."
    with serving(packaged[0]) as url: yield url

def _value(browser, elem_id: str) -> str:
    return browser.execute_script(f"const t = document.querySelector('#{elem_id} textarea, #{elem_id} input'); return t ? t.value : '';")

@needs_browser
def test_upload_shows_the_decision_predict_gives_and_attack_answers_again(packaged, page, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from brain_adv.app import answer, upload_input
    from brain_adv.screen import Screener
    run, png = packaged
    browser.get(page)
    wait = WebDriverWait(browser, 120)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#upload input[type=file]"))
    browser.find_element(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(png))
    wait.until(lambda b: _value(b, "decision"))
    scr = Screener(run)
    assert _value(browser, "decision") == answer(scr, upload_input(scr, png))["summary"]
    assert "threshold" in _value(browser, "score")
    browser.find_element(By.CSS_SELECTOR, "#attack").click()
    wait.until(lambda b: _value(b, "adv_decision"))
    assert _value(browser, "adv_decision").split(":")[0] in ("PREDICT", "REFER")
    if os.environ.get("BRAIN_ADV_SCREENSHOT"):  # the picture of the page in the app chapter
        browser.set_window_size(1400, browser.execute_script("return document.body.scrollHeight") + 140)
        browser.save_screenshot(os.environ["BRAIN_ADV_SCREENSHOT"])

def test_serve_without_a_package_is_a_usage_error(packaged):
    r = run_cli("serve", "--model", packaged[1].parent/"ph", "--port", str(_free_port()))
    assert r.returncode == 2 and "brain-adv package" in r.stderr and "Traceback" not in r.stderr

def _upload(url: str, files: list) -> list:
    "One client uploading `files` in turn: the decision text for each, or the error it was refused with."
    from gradio_client import Client, handle_file
    from PIL import Image
    client, out = Client(url, verbose=False), []
    for f in files:
        try:
            got = client.predict(handle_file(str(f)), api_name="/upload")
            Image.open(next(v for v in got if isinstance(v, str) and os.path.isfile(v))).load()  # the image came whole
            out.append(next(v for v in got if isinstance(v, str) and v.startswith(("PREDICT", "REFER"))))
        except Exception as e: out.append(f"error: {e}")
    return out

def test_concurrent_uploads_right_after_start_are_all_answered(packaged, tmp_path):
    "Eight clients upload at once as soon as the page is up: every good slice is answered, every bad file refused."
    from concurrent.futures import ThreadPoolExecutor
    run, png = packaged
    bad = tmp_path/"notes.png"
    bad.write_text("not an image")
    files = [png, png, bad, png, png, bad, png, png, png, bad]
    with ThreadPoolExecutor(8) as pool, serving(run) as url:  # the server stops first: no client waits forever
        answers = [f.result(timeout=300) for f in [pool.submit(_upload, url, files) for _ in range(8)]]
    good = [a for got in answers for a, f in zip(got, files) if f == png]
    refused = [a for got in answers for a, f in zip(got, files) if f == bad]
    assert len(set(good)) == 1 and good[0].split(":")[0] in ("PREDICT", "REFER"), set(good)
    assert all(a.startswith("error: not a readable image") for a in refused), set(refused)

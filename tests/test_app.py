"The page of `brain-adv serve` answers an uploaded slice, and its attack, in headless Chromium."
import os, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest
from conftest import needs_browser, run_cli

@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    "A run trained on phantoms with the smoke preset and packaged, and a PNG slice to upload."
    from PIL import Image
    from brain_adv.config import get_preset
    from brain_adv.data import write_phantoms
    from brain_adv.pipeline import train_run
    from brain_adv.screen import package_run
    tmp = tmp_path_factory.mktemp("app")
    ph = write_phantoms(tmp/"ph", n_per_class=20, size=32, seed=0, progress=False)
    train_run(get_preset("smoke"), tmp/"run", data=ph, progress=False)
    package_run(tmp/"run", data=ph, attack_images=4, progress=False)
    png = tmp/"slice.png"
    Image.open(sorted((ph/"Testing").rglob("*.png"))[0]).resize((64, 64)).save(png)
    return tmp/"run", png

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@pytest.fixture(scope="module")
def page(packaged):
    "`brain-adv serve` running on a free port, and its address."
    port = _free_port()
    exe = Path(sys.executable).with_name("brain-adv")
    proc = subprocess.Popen([str(exe), "serve", "--model", str(packaged[0]), "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url, deadline = f"http://127.0.0.1:{port}/", time.time() + 180
    while time.time() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            if urllib.request.urlopen(url, timeout=5).status == 200: break
        except OSError: time.sleep(1)
    else: pytest.fail("the page did not come up in 180 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)

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

def test_serve_without_a_package_is_a_usage_error(packaged):
    r = run_cli("serve", "--model", packaged[1].parent/"ph", "--port", str(_free_port()))
    assert r.returncode == 2 and "brain-adv package" in r.stderr and "Traceback" not in r.stderr

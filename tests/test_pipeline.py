"""The whole job from the command line: the demo on a fresh folder, a run killed in its attack stage and resumed, and its errors."""
import json, re, signal, subprocess, sys, time
from pathlib import Path
from conftest import run_cli

EXE = str(Path(sys.executable).with_name("brain-adv"))

def test_demo_writes_the_report_card(tmp_path):
    r = subprocess.run([EXE, "demo", "--out", str(tmp_path/"demo"), "--quiet"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("SYNTHETIC data") and "PGD, white-box (BPDA)" in r.stdout and "sanity checks:" in r.stdout
    out = tmp_path/"demo"
    m = json.loads((out/"metrics.json").read_text())
    assert (m["config"]["name"], m["synthetic"], m["stages"]["audit"]["data"]["total"]) == ("demo", True, 400)
    assert m["stages"]["train"]["clean"]["accuracy"] > 0.8, "the demo's baseline must learn the phantoms"
    html = (out/"report.html").read_text()
    figures = re.findall(r'<img src="([^"]+)"', html)
    assert len(figures) == 6 and all((out/f).is_file() and (out/f).with_suffix(".svg").is_file() for f in figures)
    assert "SYNTHETIC DATA" in (out/"report.md").read_text()
    card = json.loads((out/"defended"/"model_card.json").read_text())
    assert card["data"]["synthetic"] and (out/"defended"/"deployable.keras").is_file() and "Not a medical device" in card["intended_use"]

def test_run_resumes_after_being_killed(tmp_path):
    assert run_cli("synth", tmp_path/"ph", "--per-class", "20", "--size", "32", "--seed", "0").returncode == 0
    args = [EXE, "run", "--preset", "smoke", "--data", str(tmp_path/"ph"), "--out", str(tmp_path/"run"), "--until", "attack", "--quiet"]
    first = tmp_path/"run"/"parts"/"baseline-threats.json"
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and not first.is_file(): time.sleep(0.05)
    proc.send_signal(signal.SIGKILL); proc.wait()
    assert first.is_file() and not (tmp_path/"run"/"stages"/"attack.json").exists()
    made = first.stat().st_mtime
    r = run_cli(*args[1:])
    assert r.returncode == 0, r.stderr
    assert first.stat().st_mtime == made, "a finished part must not be computed again"
    log = (tmp_path/"run"/"run.log").read_text()
    assert "train: finished before, skipped" in log and log.count("attack: started") == 2
    assert (tmp_path/"run"/"stages"/"attack.json").is_file() and not list((tmp_path/"run").rglob("*.tmp"))

def test_usage_errors_are_one_line(tmp_path):
    for args in (("report", tmp_path/"none"), ("run", "--preset", "smoke", "--out", tmp_path/"r", "--until", "deploy"),
                 ("demo", "--preset", "cpu-sim1"), ("run", "--preset", "paper-sim9", "--out", tmp_path/"r")):
        r = run_cli(*args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, (args, r.stderr)

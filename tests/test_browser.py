"""End to end in a real browser: JupyterLab on localhost, headless Chromium, the lessons run by hand.

The test starts JupyterLab as a learner would (localhost only, token required),
opens the welcome lesson and the activations lesson in headless Chromium, runs
every cell from the Run menu, moves the activation explorer's slider with the
mouse, and checks that the widget's output changed and that no "Error
displaying widget" or kernel error appeared.  Screenshots are kept in
``artifacts/browser/`` for a human to look at.

It needs Playwright's Python package (in requirements.txt) and a Chromium
(Debian's ``chromium`` package; Playwright's own browser download is not used).
Without a Chromium the test is skipped - unless REQUIRE_BROWSER_TEST=1, as in CI,
where a missing browser is a failure.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
# Flags for a sandboxed machine without a display or outside network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LESSONS = ["00_welcome.ipynb", "01_activations.ipynb"]


def find_chromium():
    found = next((path for path in CHROMIUM_CANDIDATES if os.access(path, os.X_OK)), None)
    if found is None:
        message = "no Chromium found (install Debian's chromium package) - browser test not run"
        if os.environ.get("REQUIRE_BROWSER_TEST") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on localhost with a token, serving copies of the lessons."""
    work = tmp_path_factory.mktemp("lab")
    for lesson in LESSONS:  # copies, so autosave never touches the committed notebooks
        shutil.copy(ROOT / "notebooks" / lesson, work / lesson)
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Render every cell, not only those scrolled into view, so the test can read all outputs.
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.root_dir={work}", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         # JupyterLab refuses to run as root (as on CI machines and containers) without this flag.
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (work / "server.log").read_text()[-2000:])
                time.sleep(0.5)
        # Without the token the server must refuse: the token is on, as JupyterLab ships.
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/api/contents", timeout=5)
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = find_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_and_run_all(browser, base, token, lesson):
    """Open a lesson, run every cell from the Run menu, wait until all have run; return the page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # A workspace of its own, reset, so only this lesson is open.
    page.goto(f"{base}/lab/workspaces/{Path(lesson).stem}/tree/{lesson}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    n_code_cells = page.locator(".jp-CodeCell").count()

    def all_cells_ran():
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        return len(prompts) == n_code_cells and all(p.strip().startswith("[") and "*" not in p
                                                    and p.strip() != "[ ]:" for p in prompts)

    deadline = time.monotonic() + 180
    while not all_cells_ran():
        # Run All stops at the first error: report it at once instead of waiting.
        assert_no_errors(page, lesson)
        if time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / f"{lesson}-timeout.png"), full_page=True)
            pytest.fail(f"{lesson}: not every cell finished within 180 s")
        time.sleep(1)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    return page


def assert_no_errors(page, lesson):
    text = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in text, f"{lesson}: a widget failed to display"
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    kernel_errors = [e for e in errors if "Traceback" in e or "Error" in e]
    assert not kernel_errors, f"{lesson}: the kernel reported errors:\n" + "\n".join(kernel_errors)[:3000]


def test_welcome_lesson_runs_in_jupyterlab(jupyterlab, browser):
    base, token = jupyterlab
    page = open_and_run_all(browser, base, token, "00_welcome.ipynb")
    page.screenshot(path=str(ARTIFACTS / "00_welcome.png"), full_page=True)
    assert_no_errors(page, "00_welcome.ipynb")
    # The dataset explorer rendered as a live widget, not as its text form.
    assert page.locator(".jupyter-widgets").count() > 0
    page.close()


def test_activation_explorer_slider_changes_the_output(jupyterlab, browser):
    base, token = jupyterlab
    page = open_and_run_all(browser, base, token, "01_activations.ipynb")
    assert_no_errors(page, "01_activations.ipynb")
    # The activation explorer: a slider and a dropdown (the neuron explorer above it has sliders only).
    explorer = (page.locator(".widget-vbox").filter(has=page.locator(".widget-slider"))
                .filter(has=page.locator(".widget-dropdown")).first)
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".widget-readout").first
    figure = explorer.locator("img").first
    figure.wait_for(timeout=30_000)
    before_value, before_figure = readout.inner_text(), figure.get_attribute("src")
    before_summary = explorer.locator(".widget-html").first.inner_text()
    explorer.screenshot(path=str(ARTIFACTS / "01_activation_explorer_before.png"))

    # Drag the slider's handle to the right with the mouse; the widget redraws on release.
    handle = explorer.locator(".widget-slider .noUi-handle, .widget-slider .ui-slider-handle").first
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 25, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()

    deadline = time.monotonic() + 30
    while figure.get_attribute("src") == before_figure:
        assert time.monotonic() < deadline, "the explorer's figure did not change after the slider moved"
        time.sleep(0.25)
    assert readout.inner_text() != before_value, "the slider's value did not change"
    assert explorer.locator(".widget-html").first.inner_text() != before_summary, "the explorer's text did not change"
    explorer.screenshot(path=str(ARTIFACTS / "01_activation_explorer_after.png"))
    page.screenshot(path=str(ARTIFACTS / "01_activations.png"), full_page=True)
    assert_no_errors(page, "01_activations.ipynb")
    page.close()

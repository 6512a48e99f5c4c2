"""End to end in a real browser: every lesson, and every student version, run by hand in JupyterLab.

The test starts one JupyterLab server as a learner would (localhost only,
token required, the course's own JupyterLab settings from
``jupyterlab-settings/``) and one headless
Chromium, and for each lesson in ``notebooks/`` and each student version
(generated from it by ``tools/make_student_versions.py``, every exercise then
carried on the way its stub says, as a learner who is stuck would):

* opens it at 1366x768, a laptop's screen, and runs every cell from the Run
  menu; no error output, no "Error displaying widget", no news toast;
* finds every explorer (a widget box holding a picture and a control - the
  ``nn-explorer`` class where the widget has it), scrolls its top into view and
  checks that its controls and its picture fit in the notebook's visible area
  together, at 1366x768 and again at 1920x1080; moves its first control (drags
  a slider, picks another dropdown entry, clicks a button) and checks that the
  picture changed;
* checks that no displayed formula is wider than its cell.

One lesson with widgets is also saved (Ctrl+S), its kernel shut down and the
page reloaded, as a learner reopening it the next day: its widgets must show
again from the saved widget state.  Screenshots (one per notebook, each
explorer before and after its control moved) and the table of the explorers'
measurements, ``viewport.md``, go to ``artifacts/browser/``.

It needs Playwright's Python package (in requirements-dev.txt) and a Chromium
(Debian's ``chromium`` package; Playwright's own browser download is not used).
Without a Chromium the test is skipped - unless REQUIRE_BROWSER_TEST=1, as in CI,
where a missing browser is a failure.
"""

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
# Flags for a sandboxed machine without a display or outside network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VERSIONS = ("lesson", "student")
CASES = [(lesson, version) for lesson in LESSONS for version in VERSIONS]
LAPTOP = {"width": 1366, "height": 768}
DESKTOP = {"width": 1920, "height": 1080}
REOPENED = ("01_activations.ipynb", "lesson")  # the lesson saved, closed and reopened
# Notebooks open and running at once (two: one kernel computes while the browser works on the other).
IN_FLIGHT = int(os.environ.get("BROWSER_TEST_IN_FLIGHT", "2"))
RUN_TIMEOUT = 240  # seconds for Run All; every lesson runs in <= 30 s in a fresh kernel
CHANGE_TIMEOUT = 30  # seconds for an explorer to redraw after its control moved

# JupyterLab's settings: the course's own (jupyterlab-settings/, what `course.py start` uses: widget state saved
# with the notebook, so a reopened lesson shows its widgets; no "news" toast over the lesson), plus one for the
# test: every cell rendered, not only those scrolled into view, so the test can read and measure all of them.
COURSE_SETTINGS = ROOT / "jupyterlab-settings"
TEST_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"}}

# Every control a learner can move, in the DOM of ipywidgets 7 and 8.
CONTROLS = (".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio-box, .widget-checkbox, "
            ".widget-select, .widget-text, button.jupyter-button")

# Marks every explorer on the page with data-explorer="<n>" and returns their names, in page order.
# An explorer is an element with the class nn-explorer, or else an outermost widget box holding an
# img and a control (explorers written inline in a lesson have no class).
FIND_EXPLORERS = """controls => {
  const boxes = [...document.querySelectorAll('.jp-Notebook .widget-box')]
    .filter(box => box.querySelector('img') && box.querySelector(controls));
  const marked = [...document.querySelectorAll('.jp-Notebook .nn-explorer')];
  const found = marked.length ? marked
    : boxes.filter(box => !boxes.some(other => other !== box && other.contains(box)));
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  return found.map((box, n) => {
    box.setAttribute('data-explorer', String(n));
    const named = [...box.classList].find(name => name.startsWith('nn-explorer-'));
    const cell = cells.findIndex(c => c.contains(box));
    return named ? named.slice('nn-explorer-'.length) : `explorer ${n + 1} (cell ${cell + 1})`;
  });
}"""

# The explorer's controls and pictures, measured after its top was scrolled into view, against the part of
# the notebook that is visible (the notebook's scroller clipped by the window).
MEASURE_EXPLORER = """(box, controls) => {
  box.scrollIntoView({block: 'start', inline: 'nearest'});
  const scroller = box.closest('.jp-WindowedPanel-outer') || box.closest('.jp-Notebook');
  const s = scroller.getBoundingClientRect();
  const visible = {left: Math.max(s.left, 0), top: Math.max(s.top, 0),
                   right: Math.min(s.right, window.innerWidth), bottom: Math.min(s.bottom, window.innerHeight)};
  const parts = [...box.querySelectorAll(controls + ', img')]
    .map(el => el.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  const union = {left: Math.min(...parts.map(r => r.left)), top: Math.min(...parts.map(r => r.top)),
                 right: Math.max(...parts.map(r => r.right)), bottom: Math.max(...parts.map(r => r.bottom))};
  const fits = parts.length > 0 && union.left >= visible.left - 1 && union.right <= visible.right + 1
               && union.top >= visible.top - 1 && union.bottom <= visible.bottom + 1;
  return {fits, width: Math.round(union.right - union.left), height: Math.round(union.bottom - union.top),
          visible_width: Math.round(visible.right - visible.left),
          visible_height: Math.round(visible.bottom - visible.top)};
}"""

# Every displayed formula (MathJax 3 or 2) wider than the cell area that holds it.
WIDE_FORMULAS = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  return [...document.querySelectorAll('mjx-container[display="true"], .MathJax_Display')].map(formula => {
    const holder = formula.closest('.jp-RenderedMarkdown, .jp-OutputArea-output, .jp-RenderedHTMLCommon')
                   || formula.closest('.jp-Cell');
    return {cell: cells.findIndex(c => c.contains(formula)) + 1, width: formula.scrollWidth,
            room: holder.clientWidth, tex: (formula.getAttribute('aria-label') || formula.textContent).slice(0, 80)};
  }).filter(f => f.width > f.room);
}"""


# --------------------------------------------------------------------------------------------------------------------
# The server, the browser and the notebooks they open
# --------------------------------------------------------------------------------------------------------------------

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


def carried_on(student):
    """The student version after a stuck learner put each stub's way on (`from nn_helpers import ...`) in place."""
    for cell in student.cells:
        if cell.cell_type == "code" and "raise NotImplementedError(" in cell.source:
            # The stub's message is split over string literals; join them to read the backticked way on.
            message = "".join(re.findall(r'"([^"]*)"', cell.source))
            ways = re.findall(r"carry on with the lesson, replace this cell's code with `([^`]+)`", message)
            assert ways, f"a stub offers no way on: {message}"
            cell.source += "\n\n" + "\n".join(dict.fromkeys(ways))
    return student


def write_notebooks(work):
    """Copies of the lessons in work/lesson/, their carried-on student versions in work/student/."""
    spec = importlib.util.spec_from_file_location("make_student_versions", ROOT / "tools" / "make_student_versions.py")
    msv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(msv)
    (work / "lesson").mkdir()
    for lesson in LESSONS:  # copies, so autosave never touches the committed notebooks
        shutil.copy(ROOT / "notebooks" / lesson, work / "lesson" / lesson)
    msv.make_student_versions([ROOT / "notebooks" / lesson for lesson in LESSONS], work / "student")
    for lesson in LESSONS:
        path = work / "student" / lesson
        nbformat.write(carried_on(nbformat.read(path, as_version=4)), path)


class Lab:
    """A running JupyterLab: its address, token and a small REST client."""

    def __init__(self, base, token):
        self.base, self.token = base, token

    def url(self, path):
        return f"{self.base}{path}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(self.url(path), method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self, path):
        """Shut down the kernel of the notebook at path (relative to the server's root)."""
        for session in self.api("/api/sessions"):
            if session["path"] == path:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """One JupyterLab server on localhost with a token, serving copies of the lessons and student versions."""
    work = tmp_path_factory.mktemp("lab")
    write_notebooks(work)
    shutil.copytree(COURSE_SETTINGS, work / "settings", ignore=shutil.ignore_patterns("*.md"))
    for name, values in TEST_SETTINGS.items():
        target = work / "settings" / name
        assert not target.exists(), f"the course's settings have {name}: merge the test's setting into it"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
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
        deadline = time.monotonic() + 180  # a fresh environment's first start compiles its modules
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
        yield Lab(base, token)
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


@pytest.fixture(scope="module")
def viewport_table():
    """The explorers' measurements, written to artifacts/browser/viewport.md when the module's tests end."""
    rows = []
    yield rows
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lines = ["# Explorers in JupyterLab (headless Chromium)", "",
             "Size: the explorer's controls and picture together, in CSS pixels, at 1366×768. "
             "Fits: controls and picture inside the visible notebook area together, "
             "after the explorer's top was scrolled into view.", "",
             "| lesson | version | explorer | size (px) | fits at 1366×768 | fits at 1920×1080 |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| {lesson} | {version} | {explorer} | {size} | {laptop} | {desktop} |".format(**row))
    (ARTIFACTS / "viewport.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def runner(request, browser, jupyterlab):
    # This module's cases only: other test files have a "version" parameter too.
    order = [tuple(item.callspec.params[key] for key in ("lesson", "version")) for item in request.session.items
             if item.module is request.module and getattr(item, "callspec", None)
             and {"lesson", "version"} <= set(item.callspec.params)]
    runner = Runner(browser, jupyterlab, order)
    yield runner
    runner.close()


def stem(lesson, version):
    return f"{Path(lesson).stem}-{version}"


def cells_all_ran(page):
    """True when every code cell shows an execution count (not [ ] and not [*])."""
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    return bool(prompts) and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts)


def problems_on(page):
    """Error outputs, widget errors and the news toast on the page, as readable lines."""
    problems = []
    text = page.locator(".jp-Notebook").inner_text()
    for match in re.finditer(r"Error displaying widget[^\n]*", text):
        problems.append(match.group(0))
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    problems += [e[:1500] for e in errors if "Traceback" in e or "Error" in e]
    if page.get_by_text(re.compile("Jupyter news", re.IGNORECASE)).count():
        problems.append("JupyterLab's news toast is showing")
    return problems


def open_notebook(browser, lab, path, name):
    """Open a notebook in a window of its own at 1366x768; return the page once its kernel is idle."""
    page = browser.new_context(viewport=LAPTOP).new_page()
    # A workspace of its own, reset, so only this notebook is open.
    page.goto(lab.url(f"/lab/workspaces/{name}/tree/{path}?reset&token={lab.token}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    return page


def start_run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def wait_until_all_ran(page, name, started):
    deadline = started + RUN_TIMEOUT
    while not cells_all_ran(page):
        problems = problems_on(page)  # Run All stops at the first error: report it at once
        if problems or time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / f"{name}-stopped.png"), full_page=True)
            pytest.fail(f"{name}: " + ("\n".join(problems) or f"not every cell finished within {RUN_TIMEOUT} s"))
        time.sleep(0.5)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)


class Runner:
    """Opens each notebook and starts Run All, IN_FLIGHT notebooks at a time, in the order the tests run.

    While the test looks at one notebook, the next one is already running in its own window: the kernel of one
    and the browser work of the other share the machine's cores.
    """

    def __init__(self, browser, lab, order):
        self.browser, self.lab, self.order, self.started = browser, lab, order, {}

    def start(self, case):
        if case not in self.started:
            name, path = stem(*case), f"{case[1]}/{case[0]}"
            page = open_notebook(self.browser, self.lab, path, name)
            opened = problems_on(page)  # before running: the stored outputs must show without errors
            if not opened:
                start_run_all(page)
            self.started[case] = (page, opened, time.monotonic())

    def take(self, case):
        """The page of case, every cell run; and the problems seen when it opened."""
        self.start(case)
        later = self.order[self.order.index(case) + 1:] if case in self.order else []
        for upcoming in later[:IN_FLIGHT - 1]:
            self.start(upcoming)
        return self.started.pop(case)

    def close(self):
        for case, (page, _, _) in list(self.started.items()):
            close_page(page, self.lab, f"{case[1]}/{case[0]}")


def close_page(page, lab, path):
    page.context.close()
    lab.shut_down_kernels(path)


# --------------------------------------------------------------------------------------------------------------------
# Explorers
# --------------------------------------------------------------------------------------------------------------------

def move_first_control(page, explorer):
    """Move the explorer's first control as a learner would; return what was done."""
    control = explorer.locator(CONTROLS).first
    classes = control.get_attribute("class") or ""
    control.scroll_into_view_if_needed()
    if "widget-slider" in classes:
        handle = control.locator(".noUi-handle, .ui-slider-handle").first
        track = control.locator(".noUi-target, .ui-slider").first.bounding_box()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # Far enough to change the value of even a slider with few steps: to the other half of the track.
        target = track["x"] + track["width"] * (0.8 if x < track["x"] + track["width"] / 2 else 0.2)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(target, y, steps=10)
        page.mouse.up()
        return "slider dragged"
    if "widget-dropdown" in classes or "widget-select" in classes:
        select = control.locator("select").first
        options = select.locator("option").all()
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % len(options))
        return "entry selected"
    if "widget-toggle-buttons" in classes:
        control.locator("button:not(.mod-active)").first.click()
        return "button toggled"
    if "widget-radio-box" in classes:
        control.locator("input:not(:checked)").first.click()
        return "option picked"
    if "widget-checkbox" in classes:
        control.locator("input").first.click()
        return "box ticked"
    if "widget-text" in classes:
        field = control.locator("input").first
        value = field.input_value()
        field.fill(str(float(value) + 1) if re.fullmatch(r"-?\d+(\.\d*)?", value) else value + "x")
        field.press("Enter")
        return "value typed"
    control.click()
    return "button clicked"


def pictures(explorer):
    return [img.get_attribute("src") for img in explorer.locator("img").all()]


def check_explorers(page, name, lesson, version, table):
    """Measure, move and check every explorer on the page; return the problems found."""
    problems = []
    names = page.evaluate(FIND_EXPLORERS, CONTROLS)
    for number, explorer_name in enumerate(names):
        explorer = page.locator(f'[data-explorer="{number}"]')
        where = f"{name}, {explorer_name}"
        page.set_viewport_size(LAPTOP)
        explorer.locator("img").first.wait_for(timeout=30_000)
        laptop = explorer.evaluate(MEASURE_EXPLORER, CONTROLS)
        slug = re.sub(r"\W+", "_", explorer_name).strip("_")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{slug}-1366x768.png"))
        if not laptop["fits"]:
            problems.append(f"{where}: controls and picture ({laptop['width']}×{laptop['height']} px) do not fit "
                            f"together in the {laptop['visible_width']}×{laptop['visible_height']} px of notebook "
                            "visible at 1366×768")
        before = pictures(explorer)
        action = move_first_control(page, explorer)
        deadline = time.monotonic() + CHANGE_TIMEOUT
        while pictures(explorer) == before:
            if time.monotonic() > deadline:
                problems.append(f"{where}: the picture did not change within {CHANGE_TIMEOUT} s ({action})")
                break
            time.sleep(0.25)
        explorer.screenshot(path=str(ARTIFACTS / f"{name}-{slug}-moved.png"))
        page.set_viewport_size(DESKTOP)
        desktop = explorer.evaluate(MEASURE_EXPLORER, CONTROLS)
        page.set_viewport_size(LAPTOP)
        if not desktop["fits"]:
            problems.append(f"{where}: controls and picture do not fit together at 1920×1080 "
                            f"({desktop['width']}×{desktop['height']} px in {desktop['visible_width']}×"
                            f"{desktop['visible_height']})")
        table.append({"lesson": Path(lesson).stem, "version": version, "explorer": explorer_name,
                      "size": f"{laptop['width']}×{laptop['height']}",
                      "laptop": "yes" if laptop["fits"] else
                      f"**no** (visible {laptop['visible_width']}×{laptop['visible_height']})",
                      "desktop": "yes" if desktop["fits"] else
                      f"**no** (visible {desktop['visible_width']}×{desktop['visible_height']})"})
    return names, problems


def wait_for_formulas(page, timeout=30):
    """Wait until MathJax has typeset every formula: their number and widths stay the same for a second."""
    summary = ("() => [...document.querySelectorAll('mjx-container, .MathJax_Display, .MathJax')]"
               ".map(f => f.scrollWidth).join(',') + '|' + document.querySelectorAll('.jp-MarkdownCell').length")
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        now = page.evaluate(summary)
        if now == last:
            return
        last = now
        time.sleep(1)


def screenshot_whole_notebook(page, path):
    """The notebook from its top, in one picture: the window made as tall as the notebook (up to 16,000 px)."""
    height = page.evaluate("() => (document.querySelector('.jp-WindowedPanel-outer') || "
                           "document.querySelector('.jp-Notebook')).scrollHeight")
    page.set_viewport_size({"width": LAPTOP["width"], "height": min(height + 200, 16_000)})
    page.evaluate("() => (document.querySelector('.jp-WindowedPanel-outer') || "
                  "document.querySelector('.jp-Notebook')).scrollTo(0, 0)")
    page.screenshot(path=str(path), type="jpeg", quality=70)
    page.set_viewport_size(LAPTOP)


def reopen(page, lab, path, name):
    """Save, shut the kernel down and reload, as a learner reopening the lesson later; return the problems."""
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    lab.shut_down_kernels(path)
    page.reload()
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    time.sleep(3)  # widgets render after the notebook
    page.screenshot(path=str(ARTIFACTS / f"{name}-reopened.png"), full_page=True)
    problems = [f"{name}, reopened: {problem}" for problem in problems_on(page)]
    if not page.locator(".jp-Notebook .widget-box img").count():
        problems.append(f"{name}, reopened: no widget shows its picture")
    return problems


# --------------------------------------------------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------------------------------------------------

def test_there_are_lessons():
    assert len(LESSONS) >= 12, LESSONS


@pytest.mark.parametrize("lesson, version", CASES, ids=[stem(*case) for case in CASES])
def test_notebook_runs_and_its_explorers_work_in_jupyterlab(jupyterlab, runner, viewport_table, lesson, version):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name, path = stem(lesson, version), f"{version}/{lesson}"
    started = time.monotonic()
    lap = lambda what: print(f"{name}: {what} at {time.monotonic() - started:.1f} s")  # noqa: E731
    page, opened, run_started = runner.take((lesson, version))
    try:
        assert not opened, f"{name}, as opened:\n" + "\n".join(opened)
        wait_until_all_ran(page, name, run_started)
        lap("ran")
        problems = problems_on(page)
        explorers, explorer_problems = check_explorers(page, name, lesson, version, viewport_table)
        problems += explorer_problems
        lap("explorers checked")
        screenshot_whole_notebook(page, ARTIFACTS / f"{name}.jpg")
        wait_for_formulas(page)
        wide = page.evaluate(WIDE_FORMULAS)
        problems += [f"{name}, cell {f['cell']}: formula {f['width']} px wide in {f['room']} px: {f['tex']}"
                     for f in wide]
        problems += problems_on(page)
        lap("formulas checked")
        if (lesson, version) == REOPENED:
            assert explorers, f"{name}: the lesson reopened must have widgets"
            problems += reopen(page, jupyterlab, path, name)
        assert not problems, "\n".join(dict.fromkeys(problems))
    finally:
        close_page(page, jupyterlab, path)

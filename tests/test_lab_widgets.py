"""JupyterLab with widgets, driven as a person would: open the scoring notebook, run every
cell, move a weight slider, and see the ranking change. A broken widget install fails here."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import CHROMIUM_ARGS, ROOT, SAMPLE, chromium_path

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

NOTEBOOK = "02_score_partners.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free localhost port, over a copy of the workbook."""
    work = tmp_path / "work"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, work / "notebooks" / NOTEBOOK)
    shutil.copytree(SAMPLE, work / "data" / "sample")
    port, token = free_port(), "workbook-test-token"
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env.setdefault(name, str(tmp_path / name.lower()))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--allow-root",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
            "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("JupyterLab did not start within 60 s") from None
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def expected_first_line(weights: dict | None = None) -> str:
    """The explorer's headline as the helpers compute it, for the sample at ``weights``."""
    from helpers.data import load_project
    from helpers.scoring import rank_partners
    from helpers.widgets.scoring import weight_explorer

    explorer = weight_explorer(rank_partners(load_project(SAMPLE)))
    if weights:
        explorer.set_weights(weights)
    return re.search(r"<b>(.*? ranks first)", explorer.summary.value).group(1)


def test_weight_slider_reranks_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    before, after = expected_first_line(), expected_first_line({"references": 100})
    assert before.split()[0] != after.split()[0], "the sample should re-rank when references weigh most"
    base, token = lab
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/notebooks/{NOTEBOOK}?token={token}")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        # JupyterLab may ask which kernel to start (take the one the notebook names) or start
        # it at once: wait for whichever comes first, not for a dialog that never shows. Ready
        # is the status bar's "Python 3 (ipykernel) | Idle": before the kernel is connected it
        # says "No Kernel | Initializing" while the toolbar's indicator already says idle.
        select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
        ready = page.locator(".jp-StatusBar-Widget").get_by_text(re.compile(r"\(ipykernel\) \| Idle")).first
        select.or_(ready).first.wait_for(timeout=60_000)
        if select.is_visible():
            select.click()
        ready.wait_for(timeout=60_000)

        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()

        slider = page.locator(".widget-hslider", has=page.locator(".widget-label", has_text="References")).first
        slider.wait_for(state="attached", timeout=120_000)  # cells off screen are attached, not visible
        slider.scroll_into_view_if_needed()
        summary = page.locator(".widget-html", has_text="Effective weights").first
        expect(summary).to_contain_text(before, timeout=60_000)
        page.screenshot(path=str(tmp_path / "lab-before.png"))

        readout = slider.locator(".widget-readout")  # editable: type a value, press Enter
        readout.fill("100")
        readout.press("Enter")
        expect(readout).to_have_text("100.0", timeout=10_000)

        expect(summary).to_contain_text(after, timeout=60_000)
        page.screenshot(path=str(tmp_path / "lab-after.png"))
        browser.close()

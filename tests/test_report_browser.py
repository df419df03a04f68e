"""The report in a real browser: headless Chromium, driven over the DevTools protocol.

The report is made from a real run (``evex extract`` over ``corpus/`` plus a
JSONL file of adversarial documents) and opened through ``file://``. Chromium
speaks the DevTools protocol over two pipes (``--remote-debugging-pipe``:
it reads commands from fd 3 and writes replies to fd 4, each message a JSON
text ended by a NUL byte), so no driver or client library is needed. The
browser runs with an empty profile, a proxy that points nowhere, and every
network request the page makes is recorded: the report must make none.

The tests fail, never skip, when Chromium is missing.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Optional

import pytest

from pipeline.cli import main

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--disable-dev-shm-usage",
         "--mute-audio", "--hide-scrollbars",
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         "--remote-debugging-pipe")
TIMEOUT = 30.0
PWNED_DOCS = [
    {"id": "adversarial-1", "title": "<script>window.__pwned = 'title'</script>Raid report",
     "published": "2021-05-06",
     "text": ("Gunmen killed four police officers in an attack on a checkpoint in Maiduguri on "
              "4 May 2021 <script>window.__pwned = 'text'</script> officials said.\n\n"
              "Security forces arrested two suspects in Kano on 5 May 2021, police said "
              "</script><img src=x onerror=\"window.__pwned = 'img'\"> on Wednesday.")},
]


def chromium_binary() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed (Debian: apt-get install chromium); "
                "the browser tests need it")


class Browser:
    """A headless Chromium and one page, over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path, size: tuple[int, int] = (1400, 1000)):
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()
        # Keep the child's ends off fds 3 and 4 before they are moved there; Python's own
        # descriptors are not inheritable (PEP 446), so the child gets only 0-4.
        child_read = fcntl.fcntl(to_child, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(from_child, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child)
        os.close(from_child)

        def wire() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
             "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_read)
        os.close(child_write)
        self._messages: queue.Queue = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self._attach(size)
        except BaseException:
            self.close()
            raise

    def _attach(self, size: tuple[int, int]) -> None:
        """Open a page, attach to it, and turn on the domains whose events are checked."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
            session=True)

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._in, 65536)
            if not chunk:
                self._messages.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._messages.put(json.loads(message))

    def _take(self, deadline: float) -> dict[str, Any]:
        message = self._messages.get(timeout=max(0.01, deadline - time.monotonic()))
        if message is None:
            raise RuntimeError("Chromium closed the DevTools pipe")
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method: str, params: Optional[dict] = None, session: bool = False) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._take(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for seen in self.events:
            if seen["method"] == method:
                return seen
        while True:
            message = self._take(deadline)
            if message.get("method") == method:
                return message

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the first element matching ``selector``."""
        box = self.js(f"(() => {{ const n = document.querySelector({json.dumps(selector)});"
                      " n.scrollIntoView({block: 'center'}); const r = n.getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1}, session=True)

    def screenshot(self, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", {"format": "png"}, session=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries seen so far."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif event["method"] == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(str(params["args"]))
            elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, queue.Empty, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._out)
        os.close(self._in)


@pytest.fixture(scope="module")
def report_page(tmp_path_factory, corpus_dir):
    """(report path, events.jsonl lines) of a real run over the corpus and adversarial documents."""
    work = tmp_path_factory.mktemp("report")
    inputs = work / "adversarial.jsonl"
    inputs.write_text("".join(json.dumps(d) + "\n" for d in PWNED_DOCS), encoding="utf-8")
    out = work / "out"
    assert main(["extract", str(corpus_dir), str(inputs), "--out", str(out), "--quiet"]) == 0
    page = work / "report.html"
    assert main(["report", "--pred", str(out), "--out", str(page)]) == 0
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines() if line]
    return page, events


@pytest.fixture(scope="module")
def browser(tmp_path_factory, report_page):
    chrome = Browser(chromium_binary(), tmp_path_factory.mktemp("profile"))
    try:
        chrome.open(report_page[0].as_uri())
        yield chrome
    finally:
        chrome.close()


def test_report_browser_loads_without_errors_or_requests(browser, report_page):
    assert browser.problems() == []
    # file: is the page itself, data: the browser's own icons (the date inputs' calendar)
    assert [url for url in browser.requests() if not url.startswith(("file:", "data:"))] == []
    assert report_page[0].as_uri() in browser.requests()


def test_report_browser_injected_script_does_not_run(browser):
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelectorAll('script').length") == 2
    assert browser.js("document.querySelectorAll('img').length") == 0
    text = browser.js("document.getElementById('documents').textContent")
    assert "<script>window.__pwned = 'text'</script>" in text
    assert "<script>window.__pwned = 'title'</script>Raid report" in text


def test_report_browser_table_has_a_row_per_event(browser, report_page):
    events = report_page[1]
    assert events, "the run found no event at all"
    assert browser.js("document.querySelectorAll('#events-body tr').length") == len(events)
    shown = browser.js("[...document.querySelectorAll('#events-body tr td:nth-child(13)')]"
                       ".map(td => td.textContent)")
    assert sorted(shown) == sorted(e["doc_id"] for e in events)


def test_report_browser_draws_timeline_and_map(browser, report_page):
    events = report_page[1]
    dated = [e for e in events if e["date"]]
    located = [e for e in events if e["location"] and e["location"]["latitude"] is not None]
    assert browser.js("document.querySelectorAll('#timeline g.event').length") == len(dated)
    assert browser.js("document.querySelectorAll('#map circle.event').length") == len(located)
    assert browser.js("document.querySelectorAll('#map .land rect').length") > 50
    lanes = len({e["event_type"] for e in dated})
    assert browser.js("document.querySelectorAll('#timeline text').length") > lanes


def test_report_browser_sorts_and_filters(browser, report_page):
    events = report_page[1]
    browser.click("#events-head th[data-key='date']")  # already sorted by date: now descending
    dates = browser.js("[...document.querySelectorAll('#events-body tr')]"
                       ".map(tr => tr.children[1].textContent.slice(0, 10))")
    dated = [d for d in dates if d]
    assert dates == dated + [""] * (len(dates) - len(dated))  # undated rows last either way
    assert dated == sorted(dated, reverse=True) and len(set(dated)) > 1
    kept = events[0]["event_type"]
    others = browser.js(f"[...document.querySelectorAll('#type-filter input')]"
                        f".filter(b => b.value !== {json.dumps(kept)}).length")
    browser.js(f"[...document.querySelectorAll('#type-filter input')].forEach(b => {{"
               f" b.checked = b.value === {json.dumps(kept)}; }});"
               " document.getElementById('filters').dispatchEvent(new Event('change'))")
    assert others == 5
    rows = browser.js("document.querySelectorAll('#events-body tr').length")
    assert rows == sum(e["event_type"] == kept for e in events)
    browser.click("#reset-filters")
    time.sleep(0.2)
    assert browser.js("document.querySelectorAll('#events-body tr').length") == len(events)


def test_report_browser_click_highlights_evidence(browser, report_page):
    events = report_page[1]
    target = max(range(len(events)), key=lambda i: events[i]["doc_id"] == "adversarial-1")
    assert browser.js("document.querySelectorAll('.ev.active').length") == 0
    browser.click(f"#events-body tr[data-index='{target}']")
    assert browser.js("document.querySelector('#events-body tr.selected').dataset.index") == str(target)
    # the text of each highlighted piece is its first child; a field's label follows it
    active = browser.js("[...document.querySelectorAll('.ev.active')]"
                        ".map(n => n.firstChild.nodeValue).join('')")
    for evidence in events[target]["evidence"]:
        assert evidence["sentence"] in active
    visible = browser.js("(() => { const r = document.querySelector('.ev.active').getBoundingClientRect();"
                         " return r.top >= 0 && r.bottom <= window.innerHeight; })()")
    assert visible
    assert browser.problems() == []

"""Every page of the site in headless Chromium at a desktop and a phone width, checked the way a screen
reader user, a keyboard user and a small screen meet it.

axe-core (npm, pinned in ``package-lock.json``; ``make axe`` installs it) is injected into each page and
must find no serious or critical violation; nothing may scroll sideways; an id, a status or a time may
never break across lines (``succeed/ed`` reads as two words, a broken id cannot be copied); and every
element Tab reaches must show a focus ring of at least 2 px that contrasts 3:1 with what is behind it
(WCAG 2.4.7, 1.4.11): the navy header and buttons once showed a dark ring on dark. The pages' policy allows
only the site's own scripts, so the browser context bypasses it to inject axe. One live server, one worker
and one finished job serve the whole module; screenshots go to ``test-artifacts/a11y-<page>-<width>.png``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from service.app import create_app
from tests.browser_fixtures import ARTIFACTS, CHROMIUM, ROOT, samples
from tests.helpers import LiveServer, WorkerProcess
from tests.test_browser import sideways
from workers.settings import Settings

pytestmark = pytest.mark.integration

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = ["submit", "job", "glossaries", "default-glossary", "own-glossary", "login", "missing", "docs",
         "bench", "result"]  # fmt: skip
# Tab presses beyond one a focusable element: a date field takes one a part (day, month, year).
SPARE_TABS = 60
# Presses that leave focus where it was before the test calls it a trap.
TRAPPED = 6
SERIOUS = {"serious", "critical"}
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)
VISIBLE_FOCUSABLE = "(s) => [...document.querySelectorAll(s)].filter((e) => e.getClientRects().length).length"


@dataclasses.dataclass
class Site:
    url: str
    job: str
    benchmark: str
    glossary: str

    def path(self, name: str) -> str:
        return {
            "submit": "/",
            "job": f"/jobs/{self.job}",
            "glossaries": "/glossaries",
            "default-glossary": "/glossaries/default",
            "own-glossary": f"/glossaries/{self.glossary}",
            "login": "/login",
            "missing": "/jobs/no-such-job",
            "docs": "/docs",
            "bench": f"/v1/benchmarks/{self.benchmark}/report?format=html",
            "result": f"/v1/jobs/{self.job}/result?format=html",
        }[name]


def _wait(url: str, path: str, worker: WorkerProcess, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while (document := requests.get(url + path, timeout=30).json())["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, f"{path} did not finish: {document}\n{worker.output()[-3000:]}"
        time.sleep(0.3)
    assert document["status"] == "succeeded", f"{document}\n{worker.output()[-3000:]}"


@pytest.fixture(scope="module")
def site(
    tiny_models: dict[str, Any], redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """A finished job with everything a job's page can show (several articles on one story, so a digest;
    summaries; glossary terms; quality flags), a finished benchmark and a glossary of the visitor's own."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it)")
    data = tmp_path_factory.mktemp("a11y")
    settings = Settings(
        redis_url=redis_url, database_url=f"sqlite:///{data / 'warta.db'}", data_dir=str(data),
        queue=f"test-{uuid.uuid4().hex[:8]}", mt_beams=2, sum_beams=2, sum_max_tokens=24, rate_limit="",
        submit_rate_limit="", auth_failure_limit="", **tiny_models,
    )  # fmt: skip
    app = create_app(settings)
    worker = WorkerProcess(settings, data / "worker.log")
    try:
        with LiveServer(app) as server:
            url = server.url
            articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in samples()[:3]]
            body: dict[str, Any] = {"articles": articles, "summary_method": "extractive"}
            posted = requests.post(f"{url}/v1/jobs", json=body, timeout=30)
            assert posted.status_code == 202, posted.text
            job = posted.json()["id"]
            pairs = [
                {"source": "Harga beras naik di Jakarta.", "reference": "Rice prices rose in Jakarta."},
                {"source": "Presiden tiba di Bandung.", "reference": "The president came to Bandung."},
            ]
            benchmark = requests.post(f"{url}/v1/benchmarks", json={"pairs": pairs}, timeout=30).json()["id"]
            tsv = "banjir\tflood\nBPBD\tRegional Disaster Management Agency\n"
            glossary = "desk-terms"
            put = requests.put(f"{url}/v1/glossaries/{glossary}", data=tsv.encode(), timeout=30,
                               headers={"Content-Type": "text/tab-separated-values"})  # fmt: skip
            assert put.status_code == 201, put.text
            _wait(url, f"/v1/jobs/{job}", worker)
            _wait(url, f"/v1/benchmarks/{benchmark}", worker)
            result = requests.get(f"{url}/v1/jobs/{job}/result", timeout=30).json()
            sentences = [s for a in result["articles"] for p in a["paragraphs"] for s in p]
            assert any(s["terms"] for s in sentences), "the job's page would show no glossary term"
            assert any(s["flags"] for s in sentences), "the job's page would show no quality flag"
            assert all(a["summary"] for a in result["articles"]), "the job's page would show no summary"
            yield Site(url, job, benchmark, glossary)
    finally:
        worker.stop()
        app.extensions["warta.store"].close()


@contextlib.contextmanager
def opened(browser: Any, site: Site, name: str, width: str) -> Iterator[Any]:
    """The page as a visitor sees it once its scripts have run. The HTML result is a download
    (``Content-Disposition: attachment``), so it is opened as its content instead."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, bypass_csp=True)
    try:
        page = context.new_page()
        if name == "result":
            response = requests.get(site.url + site.path(name), timeout=30)
            assert response.status_code == 200, response.text
            page.set_content(response.text)
        else:
            page.goto(site.url + site.path(name), wait_until="networkidle")
        if name == "docs":
            page.wait_for_selector(".opblock")
        yield page
    finally:
        context.close()


AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary,
                                    impact: n.impact}))}));
}"""

# Ids, statuses and times: text a person reads or copies whole. Each match's own box must lie on one line.
UNBROKEN = r"""() => {
    const patterns = [
        /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g,
        /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/g,
        /\b(queued|running|succeeded|failed|cancelled|canceled)\b/g,
    ];
    const lines = (range) => new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top))).size;
    const found = [];
    const skipped = (node) => node.parentElement.closest("script, style, textarea, svg");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
        skipped(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const label = (el) => `<${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}>`;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const pattern of patterns) {
            for (const match of node.data.matchAll(pattern)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (lines(range) > 1)
                    found.push(`"${match[0]}" in ${label(node.parentElement)} breaks across lines`);
            }
        }
    }
    for (const el of document.querySelectorAll(".job-id, .status, .pair-code, time")) {
        const range = document.createRange();
        range.selectNodeContents(el);
        if (el.getClientRects().length && lines(range) > 1 && getComputedStyle(el).whiteSpace !== "nowrap")
            found.push(`${label(el)} "${el.textContent.trim()}" takes several lines`);
    }
    return [...new Set(found)];
}"""

# What the focused element shows: each ring (outline, box-shadow spread) at least 2 px wide, and its contrast
# with what lies behind it (WCAG relative luminance; backgrounds composited up the ancestors onto white).
FOCUS_RING = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const rgba = (text) => {
        const m = text && text.match(/rgba?\(([^)]*)\)/);
        if (!m) return null;
        const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const behind = (start) => {
        const layers = [];
        for (let node = start; node && node.nodeType === 1; node = node.parentElement) {
            const c = rgba(getComputedStyle(node).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let out = [255, 255, 255];
        for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
        return out;
    };
    const luminance = (c) => {
        const [r, g, b] = c.map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const over = (c, base) => c.slice(0, 3).map((v, i) => v * c[3] + base[i] * (1 - c[3]));
    const style = getComputedStyle(el);
    const outside = behind(el.parentElement), inside = behind(el);
    const shadows = [];
    for (const part of style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^()]*\))/)) {
        const color = rgba(part), lengths = part.replace(/rgba?\([^)]*\)/, "").match(/-?[\d.]+px/g) || [];
        if (color && lengths.length >= 4)
            shadows.push({color, spread: parseFloat(lengths[3]), inset: /inset/.test(part)});
    }
    const rings = [];
    let covered = 0;  // box-shadows paint first on top: each shows only beyond those listed before it
    for (const s of shadows.filter((s) => !s.inset)) {
        if (s.spread > covered) {
            const color = over(s.color, outside);
            const width = s.spread - covered;
            rings.push({kind: "box-shadow", width, color, contrast: contrast(color, outside)});
            covered = s.spread;
        }
    }
    for (const s of shadows.filter((s) => s.inset && s.spread >= 2)) {
        const color = over(s.color, inside);
        rings.push({kind: "inset box-shadow", width: s.spread, color, contrast: contrast(color, inside)});
    }
    const width = parseFloat(style.outlineWidth), offset = parseFloat(style.outlineOffset) || 0;
    if (style.outlineStyle !== "none" && width > 0) {
        const under = shadows.find((s) => !s.inset && s.spread > offset);
        const base = offset < 0 ? inside : under ? over(under.color, outside) : outside;
        const color = over(rgba(style.outlineColor) || [0, 0, 0, 1], base);
        rings.push({kind: "outline", width, color, contrast: contrast(color, base)});
    }
    const box = el.getBoundingClientRect();
    const classes = typeof el.className === "string" ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes.map((c) => "." + c).join("");
    const text = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 40);
    const key = `${name}@${Math.round(box.x + scrollX)},${Math.round(box.y + scrollY)}`;
    return {key, name, text, rings, ok: rings.some((r) => r.width >= 2 && r.contrast >= 3)};
}"""


def _serious(violations: list[dict[str, Any]]) -> list[str]:
    """One line a rule: how many elements break it, the first few of them and what axe says to fix."""
    lines = []
    for v in violations:
        nodes = [n for n in v["nodes"] if (n["impact"] or v["impact"]) in SERIOUS]
        if nodes:
            targets = "; ".join(n["target"] for n in nodes[:4]) + (
                f" (+{len(nodes) - 4} more)" if len(nodes) > 4 else ""
            )
            summary = " ".join((nodes[0]["summary"] or "").split())
            lines.append(
                f"{v['id']} ({v['impact']}) on {len(nodes)} element(s): {v['help']}. At {targets}. {summary}"
            )
    return lines


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_axe_violation_no_sideways_scroll_no_broken_id(
    browser: Any, site: Site, name: str, width: str
) -> None:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE.relative_to(ROOT)} (`make axe` installs it)")
    with opened(browser, site, name, width) as page:
        pixels = page.viewport_size["width"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"a11y-{name}-{pixels}.png"), full_page=True)
        page.add_script_tag(path=str(AXE))
        problems = _serious(page.evaluate(AXE_RUN))
        measured = sideways(page)
        if measured["scroll"] > measured["width"]:
            problems.append(f"scrolls sideways: {measured}")
        problems += page.evaluate(UNBROKEN)
    assert problems == [], f"{name} at {pixels} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", PAGES)
def test_every_element_tab_reaches_shows_a_visible_focus_ring(browser: Any, site: Site, name: str) -> None:
    """Tab from the top of the page until focus leaves it or comes back to the first element. An element
    met again (a date field's parts, focus a script moved back) is not checked twice."""
    problems: list[str] = []
    seen: list[str] = []
    misses, last, still = 0, "", 0
    with opened(browser, site, name, "desktop") as page:
        focusable = page.evaluate(VISIBLE_FOCUSABLE, FOCUSABLE)
        for _ in range(focusable + SPARE_TABS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_RING)
            if focused is None:
                misses += 1
                if seen or misses > 2:
                    break
                continue
            key = focused["key"]
            still = still + 1 if key == last else 0
            last = key
            if still >= TRAPPED:
                problems.append(f'{focused["name"]} "{focused["text"]}" keeps focus: Tab cannot leave it')
                break
            if len(seen) > 1 and key == seen[0]:
                break
            if key in seen:
                continue
            seen.append(key)
            if not focused["ok"]:
                rings = ", ".join(
                    f"{r['kind']} {r['width']:g}px contrast {r['contrast']:.2f}" for r in focused["rings"]
                )
                problems.append(
                    f'{focused["name"]} "{focused["text"]}": {rings or "no outline or box-shadow"}'
                )
    assert seen or not focusable, f"Tab reaches none of the {focusable} focusable elements on {name}"
    shown = problems[:30] + ([f"… and {len(problems) - 30} more"] if len(problems) > 30 else [])
    assert problems == [], (
        f"{name}: focus not visible (2 px, 3:1) on {len(problems)} of {len(seen)}:\n" + "\n".join(shown)
    )

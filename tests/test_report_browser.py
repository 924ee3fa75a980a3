"""The HTML class report in a real browser: Debian's Chromium, headless, driven by playwright.

The page is laid out at 1280 and 390 px wide and every line of text is checked against the
viewport and the boxes that would clip it, and against every other line of text: nothing
clipped, nothing overlapping, no sideways scroll, no text too small to read. `make test`
installs Chromium where it is missing; without it these tests fail, never skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from report_class import LEARNERS, card_entry, learner_export
from studydeck.instructor.report import build_report
from studydeck.instructor.report_html import html_report

CHROMIUM = os.environ.get("STUDYDECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (1280, 390)
SMALLEST_TEXT_PX = 11

# Every problem a reader would see, as sentences. Text is measured line by line (a Range over
# each text node gives one box per line), so a label cut by its box or run into its neighbour
# shows, whatever element it is in.
LAYOUT_PROBLEMS = r"""() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide ` +
                  `in a ${width} px viewport`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const lines = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const parent = node.parentElement;
    const style = getComputedStyle(parent);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const text = JSON.stringify(node.textContent.trim().slice(0, 50));
    if (parseFloat(style.fontSize) < SMALLEST) {
      problems.push(`${text} is set in ${style.fontSize}, too small to read`);
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    const word = node.textContent.trim();
    const boxes = [...range.getClientRects()].filter(box => box.width >= 1 && box.height >= 1);
    if (!/\s/.test(word) && word.length <= 20 && new Set(boxes.map(b => b.top)).size > 1) {
      problems.push(`${text} is broken across lines`);
    }
    for (const box of range.getClientRects()) {
      if (box.width < 1 || box.height < 1) continue;
      lines.push({box, text, node});
      if (box.height < SMALLEST) {  // drawn smaller than its font size says (a scaled SVG)
        problems.push(`${text} is drawn ${box.height.toFixed(0)} px high, too small to read`);
      }
      if (box.left < -0.5 || box.right > width + 0.5) {
        problems.push(`${text} runs out of the viewport (${box.left.toFixed(0)} to ` +
                      `${box.right.toFixed(0)} px of ${width})`);
      }
      let block = parent;
      while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      const own = block.getBoundingClientRect();
      if (box.left < own.left - 1 || box.right > own.right + 1) {
        problems.push(`${text} spills out of its <${block.tagName.toLowerCase()}>`);
      }
      for (let el = parent; el && el !== document.documentElement; el = el.parentElement) {
        const clip = getComputedStyle(el);
        if (clip.overflowX === "visible" && clip.overflowY === "visible") continue;
        const outer = el.getBoundingClientRect();
        if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5 ||
            box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5) {
          problems.push(`${text} is clipped by <${el.tagName.toLowerCase()} ` +
                        `class="${el.className}">`);
          break;
        }
      }
    }
  }
  lines.sort((a, b) => a.box.top - b.box.top);
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i];
    for (let j = i + 1; j < lines.length && lines[j].box.top < a.box.bottom; j++) {
      const b = lines[j];
      if (a.node === b.node) continue;
      const across = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const down = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (across > 1 && down > 1) problems.push(`${a.text} overlaps ${b.text}`);
    }
  }
  for (const bar of document.querySelectorAll(".bar")) {
    const box = bar.getBoundingClientRect();
    if (box.width < 20) problems.push(`a bar is only ${box.width.toFixed(0)} px wide`);
  }
  return problems;
}""".replace("SMALLEST", str(SMALLEST_TEXT_PX))

LONG_WORD = "Organisation" * 10  # a label with no place to break
LONG_TAG = "collective-security-and-the-2022-summit-" * 2


def class_page() -> str:
    """The fixed class, grown to a realistic deck: long prompts, a long tag, 163 cards nobody
    reached, ~60 tags."""
    exports = []
    for i in range(LEARNERS):
        export = learner_export(i)
        cards = export["decks"][0]["cards"]
        cards[3]["prompt"] = f"{LONG_WORD}: {cards[3]['prompt']} " + "and then some " * 12
        cards[0]["tags"] = [LONG_TAG]
        for n in range(163):
            extra = card_entry("never", i)
            extra["id"] = f"later-{n:03d}"
            extra["tags"] = [f"topic-{n % 60:02d}"]
            cards.append(extra)
        exports.append((f"learner-{i:02d}.json", export))
    return html_report(build_report(exports))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium "
            "(apt-get install -y chromium); or set STUDYDECK_CHROMIUM to a Chromium binary"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(class_page(), encoding="utf-8")
    return path


def open_page(browser: Browser, path: Path, width: int, extra_css: str = "") -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    if extra_css:
        page.add_style_tag(content=extra_css)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_clipped_or_overlapping(browser: Browser, page_file: Path, width: int) -> None:
    page = open_page(browser, page_file, width)
    try:
        assert page.evaluate(LAYOUT_PROBLEMS) == []
        # the charts' numbers are there to read, next to their bars
        values = page.locator(".chart .value").all_inner_texts()
        assert "100% of 30" in values and "12 of 30" in values
        shots = os.environ.get("STUDYDECK_REPORT_SCREENSHOTS")  # a folder, to look at them
        if shots:
            page.screenshot(path=Path(shots) / f"report-{width}.png", full_page=True)
    finally:
        page.close()


def test_the_check_sees_a_label_made_to_overflow(browser: Browser, page_file: Path) -> None:
    """The same page with its chart labels kept on one line and cut: the check must see it."""
    page = open_page(
        browser,
        page_file,
        390,
        ".row .label { white-space: nowrap; overflow: hidden; }",
    )
    try:
        problems = page.evaluate(LAYOUT_PROBLEMS)
    finally:
        page.close()
    assert any(LONG_WORD[:40] in p and "is clipped by" in p for p in problems), problems
    assert any(LONG_TAG[:40] in p and "is clipped by" in p for p in problems), problems


def test_the_check_sees_overlap_and_sideways_scroll(browser: Browser, page_file: Path) -> None:
    """Fixed chart columns too wide for a phone; the numbers drawn over their labels."""
    page = open_page(browser, page_file, 390, ".row { grid-template-columns: 12rem 12rem 8rem; }")
    try:
        problems = page.evaluate(LAYOUT_PROBLEMS)
    finally:
        page.close()
    assert any(p.startswith("the page scrolls sideways") for p in problems), problems
    page = open_page(browser, page_file, 1280, ".row > .value { position: absolute; left: 2rem; }")
    try:
        problems = page.evaluate(LAYOUT_PROBLEMS)
    finally:
        page.close()
    assert any("overlaps" in p for p in problems), problems


def test_the_page_is_what_the_report_says(browser: Browser, page_file: Path) -> None:
    page = open_page(browser, page_file, 1280)
    try:
        assert page.locator("h1").inner_text() == "Class report"
        tiles = page.locator(".tile").all_inner_texts()
        assert [t.split("\n")[0] for t in tiles] == ["30", "0.33", "3", "8 / 172", "2%"]
        flagged = page.locator(".item h3 code").all_inner_texts()
        assert flagged == ["class-deck/S", "class-deck/M", "class-deck/A"]
        # the right option is marked, each option with its count
        options = page.locator(".item").first.locator(".row")
        assert options.count() == 3
        assert "right" in (options.first.get_attribute("class") or "")
        assert options.locator(".value").all_inner_texts() == ["16 of 30", "12 of 30", "2 of 30"]
    finally:
        page.close()

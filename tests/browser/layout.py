"""The layout check: does a page, in the state it is in now, hold up on a phone and at a desk?

`layout_problems(page, ...)` looks at the page at 390 x 844 and at 1280 x 800 and lists, in words, everything that
would make it hard to use there:

- the page scrolls sideways;
- a table is wider than the screen (even inside a box that scrolls sideways: a phone's tables stack instead);
- the page's main control is not inside the first screen (nothing scrolled);
- more than one error box for one failure in a card;
- text sticks out of the box it is in, a short value (a date, a badge, "vor 6 Minuten") breaks over two lines,
  or a line starts with the "·" that separates two values;
- an API word or status code is visible (boost, is_* and other field names, HTTP status codes, exception class
  names): homeowners never read Podero's vocabulary;
- axe-core finds an accessibility violation.

The page is left at the last width it was checked at. Tests call `check_layout(page, main_control=...)` (the
fixture in conftest.py), which fails with the whole list.
"""

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

PHONE_SCREEN = {"width": 390, "height": 844}
DESKTOP_SCREEN = {"width": 1280, "height": 800}
SCREENS = {"phone": PHONE_SCREEN, "desktop": DESKTOP_SCREEN}

# Words of Podero's API and of our own code that mean nothing to a homeowner. "Boost" with a capital B is the
# heat pump's mode in Podero's dashboard guide (podero-api.md §4.4), a word homeowners know from their app.
API_WORDS = [
    (re.compile(r"\bboost(s|ed|ing)?\b"), "the API word “boost”"),
    (re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"), "a field name"),
    (re.compile(r"\b(?:HTTP|status)\s*\d{3}\b", re.I), "an HTTP status code"),
    (
        re.compile(
            r"(?<![\d.,:])\b(?:400|401|403|404|405|409|422|429|500|502|503|504)\b(?!\s*(?:%|km|kW|W\b|mi))"
        ),
        "an HTTP status code",
    ),
    (
        re.compile(r"\b(?:Podero|Http|Json|Value|Type|Key|Attribute|Runtime)[A-Z][A-Za-z]+\b"),
        "an exception class name",
    ),
    (re.compile(r"\b[A-Za-z]+(?:Error|Exception)\b"), "an exception class name"),
    (re.compile(r"\b(?:Traceback|None|True|False|null|undefined|NaN)\b"), "a programming word"),
]
# "null" is German for zero only in words we do not use ("null Prozent" is written "0 %").

# Collects, in one pass over the page, what a person would see as broken text.
TEXT_PROBLEMS_JS = """
() => {
  const problems = [];
  const visible = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      // Visually hidden, for screen readers only: clipped away.
      if ((s.clip && s.clip !== 'auto') || (s.clipPath && s.clipPath !== 'none')) return false;
      const r = e.getBoundingClientRect();
      if (s.position === 'absolute' && (r.width <= 1 || r.height <= 1)) return false;
    }
    return true;
  };
  const describe = el => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    else if (el.classList.length) name += '.' + [...el.classList].join('.');
    return name;
  };
  const boxOf = el => {
    let box = el;
    while (box.parentElement && ['inline', 'contents'].includes(getComputedStyle(box).display)) box = box.parentElement;
    return box;
  };
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent;
    if (!text.trim()) continue;
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'OPTION', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName) || !visible(el)) continue;
    if (el.closest('.skip-link')) continue;
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const box = boxOf(el);
    const b = box.getBoundingClientRect();
    // Text inside a box that scrolls sideways (a wide table) may run under its edge: the box scrolls, not the page.
    let scroller = null;
    for (let e = box; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) { scroller = e; break; }
    }
    if (!scroller && (r.right > b.right + 1 || r.left < b.left - 1)) {
      problems.push(`text wider than its box (${describe(box)}, ${Math.round(r.width)} px in ${Math.round(b.width)} px): “${text.trim().slice(0, 60)}”`);
    }
    // A short value must not break over two lines ("vor / 6 Minuten").
    const valueBox = el.closest('dd, .badge, time, .switch-state, button, .button, th, td');
    const short = text.trim().length <= 25 && !/\\s{2,}/.test(text.trim());
    if (valueBox && short && range.getClientRects().length > 0) {
      const tops = new Set([...range.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) problems.push(`a short value breaks over ${tops.size} lines (${describe(valueBox)}): “${text.trim()}”`);
    }
    // A line must not start with the "·" that separates two values.
    for (let i = text.indexOf('·'); i > 1; i = text.indexOf('·', i + 1)) {
      const dot = document.createRange();
      dot.setStart(node, i); dot.setEnd(node, i + 1);
      let j = i - 1;
      while (j > 0 && /\\s/.test(text[j])) j--;
      const before = document.createRange();
      before.setStart(node, j); before.setEnd(node, j + 1);
      const d = dot.getBoundingClientRect(), p = before.getBoundingClientRect();
      if (d.height && p.height && d.top >= p.bottom - 1) {
        problems.push(`a line starts with “·” (${describe(box)}): “${text.trim().slice(0, 60)}”`);
      }
    }
  }
  // One failure, one error box: count the boxes that speak for a failure in each card (or the page).
  const boxes = [...document.querySelectorAll('.notice-bad, .errornote, [role=alert]')]
    .filter(el => visible(el) && !el.parentElement.closest('.notice-bad, .errornote, [role=alert]'));
  const perCard = new Map();
  for (const el of boxes) {
    const card = el.closest('section, article, .card, main') || document.body;
    perCard.set(card, [...(perCard.get(card) || []), el.innerText.trim().slice(0, 50)]);
  }
  for (const [card, texts] of perCard) {
    if (texts.length > 1) problems.push(`${texts.length} error boxes in one place (${describe(card)}): ${texts.map(t => `“${t}”`).join(', ')}`);
  }
  return problems;
}
"""


# Every shown table wider than the screen, with its width and its first words.
WIDE_TABLES_JS = """
(width) => [...document.querySelectorAll('table')]
  .filter(t => t.getClientRects().length && Math.max(t.scrollWidth, t.getBoundingClientRect().width) > width + 0.5)
  .map(t => [Math.round(Math.max(t.scrollWidth, t.getBoundingClientRect().width)), t.innerText.trim().slice(0, 40)])
"""


@dataclass(frozen=True)
class Screen:
    name: str
    size: dict[str, int]


def layout_problems(
    page: Page,
    axe: Axe,
    *,
    main_control: Locator | None = None,
    api_words: bool = True,
    screens: Iterable[str] = ("phone", "desktop"),
) -> list[str]:
    """Everything wrong with `page` as it is now, at each of `screens`, as one sentence each."""
    problems: list[str] = []
    for name in screens:
        size = SCREENS[name]
        page.set_viewport_size(size)
        page.evaluate("() => window.scrollTo(0, 0)")
        _let_charts_follow(page)
        problems += [
            f"{name}: {problem}" for problem in _problems_at(page, axe, size, main_control, api_words)
        ]
    return problems


def _let_charts_follow(page: Page) -> None:
    """A chart (Chart.js, responsive) redraws for a new screen width on its next frames, not at once: give it up to
    3 s to fit, as a person turning their phone would see it. A page still too wide after that fails below."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= window.innerWidth", timeout=3_000, polling="raf"
        )


def _problems_at(
    page: Page, axe: Axe, size: dict[str, int], main_control: Locator | None, api_words: bool
) -> list[str]:
    problems = []
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > size["width"]:
        problems.append(f"the page scrolls sideways ({scroll_width} px wide in {size['width']} px)")
    problems += [
        f"a table is wider than the screen ({width} px in {size['width']} px): “{caption}”"
        for width, caption in page.evaluate(WIDE_TABLES_JS, size["width"])
    ]
    if main_control is not None:
        problems += _main_control_problems(main_control, size)
    problems += page.evaluate(TEXT_PROBLEMS_JS)
    if api_words:
        problems += api_word_problems(page.locator("body").inner_text())
    results = axe.run(page)
    for violation in results.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        problems.append(f"axe: {violation['id']} ({violation['help']}) at {targets}")
    return problems


def _main_control_problems(control: Locator, size: dict[str, int]) -> list[str]:
    if control.count() == 0:
        return ["the main control is not on the page"]
    # A card that polls may be swapping its part this moment (slowly, on a busy machine): wait for a visible
    # copy of the control, not for a new page, and measure it again if the swap took it away while measuring.
    visible = control.filter(visible=True).first
    box = None
    for _ in range(3):
        try:
            visible.wait_for(state="visible", timeout=10_000)
        except PlaywrightTimeoutError:
            return ["the main control is not visible"]
        box = visible.bounding_box()
        if box is not None:
            break
    if box is None:
        return ["the main control is not visible"]
    if box["y"] + box["height"] > size["height"]:
        screens = (box["y"] + box["height"]) / size["height"]
        return [f"the main control ends {screens:.1f} screens down, below the first screen"]
    return []


def api_word_problems(text: str) -> list[str]:
    """The API words and status codes in `text`, each with the line it is on."""
    problems = []
    for line in text.splitlines():
        for pattern, what in API_WORDS:
            match = pattern.search(line)
            if match:
                problems.append(f"{what} in visible text: “{match.group(0)}” in “{line.strip()[:90]}”")
    return problems

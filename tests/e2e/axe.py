"""axe-core (WCAG 2.1 A and AA) run inside the page under test.

axe-core 4.14.1 (MPL-2.0) is vendored as `tests/e2e/vendor/axe.min.js` (the npm package's file,
unchanged): the browser tests run without a network. It is injected with Playwright's
`add_script_tag`, which works under the pages' CSP because Playwright evaluates it in the page
without a network request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

RUN = """async ([context, tags]) => {
  const result = await window.axe.run(context || document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def _inject(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")


def violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical, in the page or under `context`
    (a CSS selector)."""
    _inject(page)
    found: list[dict[str, Any]] = page.evaluate(RUN, [context, WCAG_21_AA])
    return [v for v in found if v["impact"] in BLOCKING]


def assert_accessible(page: Page, state: str, context: str | None = None) -> None:
    """Fail with axe-core's own words when a serious or critical violation is found."""
    found = violations(page, context)
    lines = [f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in found]
    assert not found, f"axe-core in state '{state}':\n" + "\n".join(lines)

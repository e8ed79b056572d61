"""Layout measured the way a person sees it: after the element has stopped moving.

The widget's panel slides in (`mw-in`, 0.2 s); measuring during that animation gives a box a pixel or
two off. `settled_box` waits for the element's finite animations and transitions to end and for its box
to be the same over two animation frames. Compare layout with a pixel's tolerance (it is sub-pixel):
`assert settled_box(panel) == pytest.approx({"x": 0, ...}, abs=1)`.
"""

from __future__ import annotations

from playwright.sync_api import FloatRect, Locator

SETTLE = """async e => {
  const finite = e.getAnimations({subtree: true})
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map(a => a.finished.catch(() => null)));
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const rect = () => JSON.stringify(e.getBoundingClientRect());
  let last = rect();
  for (let i = 0; i < 60; i++) {
    await frame(); await frame();
    const now = rect();
    if (now === last) return true;
    last = now;
  }
  return false;
}"""


def settled_box(locator: Locator) -> FloatRect:
    """The element's bounding box once its animations have ended and it is stable over two frames."""
    assert locator.evaluate(SETTLE), "the element kept moving for 120 animation frames"
    box = locator.bounding_box()
    assert box is not None, "the element is not visible"
    return box

"""The verification page in a real headless Chromium at a phone's width (P3, issue 10 §4): it loads, the Chinese
is drawn with a CJK font (no missing glyphs), nothing overflows the screen, and it asks for nothing else.
Needs Debian's chromium and fonts-noto-cjk (scripts/system-deps); skipped with that reason where absent."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import websockets

from pdf import tokens
from server import clock
from tests import factories
from tests.live_server import live_server
from tests.test_graphiql_offline import DevTools, _start_chromium, pytestmark  # noqa: F401  (the chromium skip)

PHONE_WIDTH = 375


async def _fonts_of(tools: DevTools, selector: str) -> dict[str, int]:
    document = await tools.call("DOM.getDocument")
    node = await tools.call("DOM.querySelector", nodeId=document["root"]["nodeId"], selector=selector)
    fonts = await tools.call("CSS.getPlatformFontsForNode", nodeId=node["nodeId"])
    return {f["familyName"]: f["glyphCount"] for f in fonts["fonts"]}


async def test_p3_verification_page_renders_the_chinese_on_a_phone(world):
    from models import Graduate

    graduate = await factories.graduate(world.school, world.cs, world.cs_major, name="𠮷田·艾力")
    agreement = await factories.approved_agreement(graduate, world.employer)
    await Graduate.filter(id=graduate.id).update(name="changed")  # the page shows the name as printed
    token = tokens.issue(agreement.id, agreement.version, clock.now())
    with live_server() as base, tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc, ws_url = _start_chromium(Path(profile))
        try:
            async with websockets.connect(ws_url, max_size=None) as ws:
                tools = DevTools(ws)
                for domain in ("Network", "Runtime", "Page", "DOM", "CSS"):
                    await tools.call(f"{domain}.enable")
                await tools.call("Emulation.setDeviceMetricsOverride", width=PHONE_WIDTH, height=740,
                                 deviceScaleFactor=2, mobile=True)
                await tools.call("Page.navigate", url=f"{base}/verify/{token}")
                await tools.wait_for("document.readyState === 'complete' && !!document.querySelector('#status')")
                text = await tools.evaluate("document.body.innerText")
                overflow = await tools.evaluate("document.documentElement.scrollWidth")
                status_fonts = await _fonts_of(tools, "#status strong")
                name_fonts = await _fonts_of(tools, "dl div:nth-child(3) dd")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
    assert "真实有效" in text and agreement.number in text and "𠮷*·**" in text and "安徽信通信息服务有限公司" in text
    assert overflow <= PHONE_WIDTH
    # Every glyph came from a CJK font: a missing one would be drawn by a fallback font, or as a box.
    assert set(status_fonts) == {"Noto Sans CJK SC"}, status_fonts
    assert "Noto Sans CJK SC" in name_fonts and set(name_fonts) <= {"Noto Sans CJK SC", "Noto Sans CJK JP"}, name_fonts
    requested = {e["params"]["request"]["url"] for e in tools.events if e.get("method") == "Network.requestWillBeSent"}
    assert {url for url in requested if not url.startswith(base)} == set()

"""The scan-to-print page (P2, issue 10 §7) in a real headless Chromium at a PC's width: it loads, draws its
Chinese with a CJK font, shows the QR of its code, and when the graduate scans (the mutation, sent here as the
mini-program sends it) it shows the link to the agreement's PDF, which downloads. It asks nothing of any other
host. Needs Debian's chromium and fonts-noto-cjk (scripts/system-deps); skipped with that reason where absent."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import httpx
import websockets

from pdf import qr
from resolvers.printing import print_codes
from schema.relay import encode_id
from tests.live_server import serving
from tests.test_graphiql_offline import DevTools, _start_chromium, pytestmark  # noqa: F401  (the chromium skip)
from tests.test_printing import printable
from tests.test_scan_to_print import SCAN
from tests.test_verification_page_browser import _fonts_of


async def test_p2_print_page_shows_its_qr_and_offers_the_pdf_once_scanned(world):
    agreement = await printable(world.alice, world.employer)
    with serving() as (base, _), tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc, ws_url = _start_chromium(Path(profile))
        try:
            async with websockets.connect(ws_url, max_size=None) as ws, httpx.AsyncClient(timeout=30) as http:
                tools = DevTools(ws)
                for domain in ("Network", "Runtime", "Page", "DOM", "CSS"):
                    await tools.call(f"{domain}.enable")
                await tools.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1,
                                 mobile=False)
                await tools.call("Page.navigate", url=f"{base}/print")
                await tools.wait_for("document.readyState === 'complete' && !!document.querySelector('#qr img')"
                                     " && document.querySelector('#qr img').complete")
                code = await tools.evaluate("document.body.dataset.code")
                qr_src = await tools.evaluate("document.querySelector('#qr img').src")
                qr_width = await tools.evaluate("document.querySelector('#qr img').naturalWidth")
                waiting = await tools.evaluate("document.body.innerText")
                title_fonts = await _fonts_of(tools, "#title")
                status_fonts = await _fonts_of(tools, "#status")
                # The graduate scans the QR in the mini-program and picks their agreement.
                r = await http.post(f"{base}/graphql", headers={"Authorization": f"Bearer {world.tokens['alice']}"},
                                    json={"query": SCAN, "variables": {"input": {
                                        "code": print_codes.scanned_text(code),
                                        "agreementId": encode_id("Agreement", agreement.id)}}})
                assert r.json()["data"]["printAgreementByScan"]["errors"] == [], r.text
                await tools.wait_for("document.querySelector('#status').dataset.state === 'scanned'"
                                     " && !document.querySelector('#document').hidden")
                scanned = await tools.evaluate("document.body.innerText")
                href = await tools.evaluate("document.querySelector('#pdf').href")
                pdf = await http.get(href)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
    assert "扫码打印就业协议书" in waiting and "等待扫码" in waiting
    assert qr_src == qr.png_data_uri(print_codes.scanned_text(code)) and qr_width > 100
    assert set(title_fonts) == {"Noto Sans CJK SC"}, title_fonts
    assert "Noto Sans CJK SC" in status_fonts, status_fonts
    assert f"已收到协议书 {agreement.number}" in scanned
    assert href.startswith(f"{base}/files/") and pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    requested = {e["params"]["request"]["url"] for e in tools.events if e.get("method") == "Network.requestWillBeSent"}
    assert {url for url in requested if not url.startswith(base) and not url.startswith("data:")} == set()

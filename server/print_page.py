"""The scan-to-print page (P2): opened on a print room's PC, it shows a one-time QR code; a graduate scans it in the
mini-program and sends their approved agreement, and the page then offers the agreement's PDF to print.

Each load issues a new code (resolvers/printing/print_codes.py, limited per client address) and never caches.
The page's script opens the GraphQL websocket with the code alone (no account; server/websocket.py lets such a
connection subscribe to `printCodeScanned` and nothing else), waits for the scan and shows the PDF's link; when
the code expires unscanned it says so and offers a new one (reloading the page). Everything it needs is inline:
no request leaves this server.
"""

from __future__ import annotations

import html
import re
import secrets
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse

from pdf import qr
from resolvers.context import Context
from resolvers.errors import DomainError
from resolvers.printing import print_codes
from server import clock

_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]{1,255}$")

PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>扫码打印就业协议书</title>
<style>
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       background: #f4f5f7; color: #1f2328; font-size: 18px; line-height: 1.6; }
main { max-width: 40rem; margin: 2rem auto; padding: 2rem; background: #fff; border-radius: 0.8rem;
       text-align: center; }
h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 0.5rem; }
#qr img { width: 16rem; height: 16rem; image-rendering: pixelated; }
#qr.gone img { opacity: 0.15; }
#status { font-size: 1.1rem; margin: 1rem 0; }
#status[data-state="scanned"] { color: #1a7f37; }
#status[data-state="expired"], #status[data-state="error"] { color: #b42318; }
a.button, button { display: inline-block; font: inherit; padding: 0.6rem 1.4rem; border: 0; border-radius: 0.5rem;
                   background: #0969da; color: #fff; text-decoration: none; cursor: pointer; }
[hidden] { display: none !important; }
footer { color: #57606a; font-size: 0.85rem; margin-top: 1.5rem; }
</style>
</head>
<body data-code="$code" data-seconds="$seconds">
<main>
<h1 id="title">扫码打印就业协议书</h1>
<p>请毕业生打开网签小程序，在“我的协议书”中点击“扫码打印”，扫描下方二维码。</p>
<div id="qr"><img src="$qr" alt="打印二维码"></div>
<p id="status" data-state="waiting">等待扫码……二维码 <span id="left">$minutes</span> 内有效，只能使用一次。</p>
<p id="document" hidden><a class="button" id="pdf" href="#" target="_blank" rel="noopener">打开协议书 PDF 并打印</a></p>
<p><button id="renew" type="button" hidden>获取新的二维码</button></p>
<footer>打印完成后请关闭本页。协议书一式三份，分别交用人单位、毕业生和学校。</footer>
</main>
<script nonce="$nonce">
(function () {
  var code = document.body.dataset.code;
  var deadline = Date.now() + Number(document.body.dataset.seconds) * 1000;
  var done = false, expired = false, socket = null;
  var status = document.getElementById("status");
  function show(state, text) { status.dataset.state = state; status.textContent = text; }
  function expire() {
    if (done || expired) return;
    expired = true;
    show("expired", "二维码已过期，请获取新的二维码后重新扫码。");
    document.getElementById("qr").className = "gone";
    document.getElementById("renew").hidden = false;
    if (socket) socket.close();
  }
  document.getElementById("renew").addEventListener("click", function () { location.reload(); });
  var timer = setInterval(function () {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    document.getElementById("left").textContent = Math.floor(left / 60) + " 分 " + (left % 60) + " 秒";
    if (left <= 0) { clearInterval(timer); expire(); }
  }, 1000);
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/graphql", "graphql-transport-ws");
    socket.onopen = function () {
      socket.send(JSON.stringify({type: "connection_init", payload: {printCode: code}}));
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({type: "subscribe", id: "1", payload: {
          query: "subscription PrintCodeScanned { printCodeScanned { agreementNumber url urlExpiresAt } }"}}));
      } else if (message.type === "next") {
        var errors = message.payload.errors;
        if (errors && errors.length) { failed(errors[0]); return; }
        var scan = message.payload.data.printCodeScanned;
        done = true;
        clearInterval(timer);
        show("scanned", "已收到协议书 " + scan.agreementNumber + "，请打开 PDF 打印。");
        document.getElementById("qr").className = "gone";
        var link = document.getElementById("pdf");
        link.href = scan.url;
        document.getElementById("document").hidden = false;
      } else if (message.type === "error") {
        failed(message.payload[0]);
      } else if (message.type === "ping") {
        socket.send(JSON.stringify({type: "pong"}));
      }
    };
    socket.onclose = function (event) {
      if (done || expired) return;
      if (event.reason === "PRINT_CODE_EXPIRED") { expire(); return; }
      if (event.reason === "PRINT_CODE_INVALID") { failed({message: "二维码无效"}); return; }
      setTimeout(connect, 2000);  // a server restart or a network blip: the code still works
    };
  }
  function failed(error) {
    var code = error && error.extensions && error.extensions.code;
    if (code === "PRINT_CODE_EXPIRED") { expire(); return; }
    done = true;
    show("error", (error && error.message) || "出错了，请获取新的二维码");
    document.getElementById("renew").hidden = false;
  }
  connect();
})();
</script>
</body>
</html>
""")

REFUSED = Template("""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>扫码打印就业协议书</title></head>
<body style="font-family: 'Noto Sans CJK SC', sans-serif; text-align: center; margin-top: 4rem">
<h1 id="title">扫码打印就业协议书</h1><p id="status" data-state="error">$message</p></body></html>
""")


def _csp(nonce: str, host: str) -> str:
    # 'self' covers the websocket to this host in current browsers; the explicit ws(s) origin covers older ones.
    sockets = f" ws://{host} wss://{host}" if _HOST.match(host) else ""
    return (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
            f"connect-src 'self'{sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


async def page(request: Request) -> HTMLResponse:
    ctx = Context(client_ip=request.client.host if request.client else "", request=request)
    try:
        code, row = await print_codes.issue(ctx)
    except DomainError as e:
        return HTMLResponse(REFUSED.substitute(message=html.escape(e.message)), status_code=429,
                            headers={**HEADERS, "Content-Security-Policy": "default-src 'none'; "
                                     "style-src 'unsafe-inline'"})
    seconds = max(0, int((row.expires_at - clock.now()).total_seconds()))
    nonce = secrets.token_urlsafe(16)
    body = PAGE.substitute(code=html.escape(code), seconds=seconds, qr=qr.png_data_uri(print_codes.scanned_text(code)),
                           minutes=f"{seconds // 60} 分钟", nonce=nonce)
    return HTMLResponse(body, headers={**HEADERS, "Content-Security-Policy": _csp(nonce, request.headers.get(
        "host", ""))})

"""The public verification page (P3): what a phone shows after scanning the QR code on a printed agreement.

Plain HTML with its style inline and no script, so it loads in any phone browser or WeChat's, and allows itself
nothing else (Content-Security-Policy). Never cached: the answer changes when the agreement does.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse

from pdf import verification

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
COLOURS = {verification.VALID: "#1a7f37"}
WARNING = "#b42318"

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>就业协议书防伪查验</title>
<style>
body {{ margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       background: #f4f5f7; color: #1f2328; font-size: 16px; line-height: 1.6; }}
main {{ max-width: 32rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }}
h1 {{ font-size: 1.15rem; font-weight: 600; margin: 0 0 1rem; }}
.status {{ background: {colour}; color: #fff; border-radius: 0.6rem; padding: 1rem 1.1rem; }}
.status strong {{ display: block; font-size: 1.5rem; }}
dl {{ background: #fff; border-radius: 0.6rem; padding: 0.4rem 1.1rem; margin: 1rem 0 0; }}
dl div {{ display: flex; justify-content: space-between; gap: 1rem; padding: 0.55rem 0;
          border-bottom: 1px solid #eaecef; }}
dl div:last-child {{ border-bottom: 0; }}
dt {{ color: #57606a; flex: none; }}
dd {{ margin: 0; text-align: right; word-break: break-all; }}
footer {{ color: #57606a; font-size: 0.85rem; margin-top: 1rem; }}
</style>
</head>
<body>
<main>
<h1>就业协议书防伪查验</h1>
<section class="status" id="status" data-status="{status}"><strong>{headline}</strong>{explanation}</section>
{details}
<footer>查验结果以本页为准。纸质协议书上的内容如与本页不一致，请联系学校就业指导部门。</footer>
</main>
</body>
</html>
"""


def render(verdict: verification.Verdict) -> str:
    e = html.escape
    details = ""
    if verdict.status != verification.NOT_GENUINE:
        rows = (("协议编号", verdict.number), ("学校", verdict.school), ("毕业生", verdict.graduate),
                ("用人单位", verdict.employer), ("版本", f"第 {verdict.version} 版"))
        details = "<dl>" + "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in rows) + "</dl>"
    return PAGE.format(colour=COLOURS.get(verdict.status, WARNING), status=e(verdict.status),
                       headline=e(verdict.headline), explanation=e(verdict.explanation), details=details)


async def page(request: Request) -> HTMLResponse:
    verdict = await verification.verify(request.path_params["token"])
    return HTMLResponse(render(verdict), headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store",
                                                  "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"})

"""The employer's upload page of an offline agreement (F1): opened from the one-time link sent by SMS to the
contact phone, with no account. GET shows what is asked and a file field; POST hands the stamped agreement in.

The token in the path is all it reads. The file is checked by its content before the link is spent, and the
link is spent by the same commit that hands the file in: a refused file leaves the link usable, a second upload
(or a racing one) is refused. Plain HTML, no script, never cached, like the verification page.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse

from pdf.verification import mask_name
from resolvers import transaction
from resolvers.context import Context
from resolvers.errors import DomainError
from resolvers.offline import stamped
from resolvers.viewer import Viewer

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex"}
# Who the audit log names for an upload through the link: the employer's contact, not an account.
UPLOADER = Viewer(role=None, name="用人单位联系人（短信链接）")
REFUSALS = {
    "unknown": (404, "链接无效", "该链接不存在或已被更换，请联系毕业生重新发送。"),
    "used": (410, "链接已使用", "盖章协议书已通过该链接回传，链接仅可使用一次。"),
    "expired": (410, "链接已过期", "该链接已过期，请联系毕业生重新发送。"),
    "state": (409, "无需回传", "该协议当前不需要回传盖章协议书。"),
}

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>回传盖章就业协议书</title>
<style>
body {{ margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       background: #f4f5f7; color: #1f2328; font-size: 16px; line-height: 1.6; }}
main {{ max-width: 32rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }}
h1 {{ font-size: 1.15rem; font-weight: 600; margin: 0 0 1rem; }}
section {{ background: #fff; border-radius: 0.6rem; padding: 1rem 1.1rem; }}
</style>
</head>
<body>
<main>
<h1>回传盖章就业协议书</h1>
<section id="{status}">{content}</section>
</main>
</body>
</html>
"""


def _page(status: str, content: str, code: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(status=status, content=content), status_code=code, headers=HEADERS)


def _refused(reason: str) -> HTMLResponse:
    code, headline, text = REFUSALS[reason]
    return _page(reason, f"<strong>{headline}</strong><p>{text}</p>", code)


async def page(request: Request) -> HTMLResponse:
    token = request.path_params["token"]
    try:
        _, agreement = await stamped.link_of(token)
    except stamped.LinkRefused as e:
        return _refused(e.reason)
    if request.method == "POST":
        return await _upload(request, token)
    b = (agreement.terms or {}).get("partyB") or {}
    a = (agreement.terms or {}).get("partyA") or {}
    e = html.escape
    return _page("form", (
        f"<p>协议编号：{e(agreement.number)}<br>毕业生：{e(mask_name(a.get('name') or ''))}<br>"
        f"用人单位：{e(b.get('name') or '')}</p>"
        "<p>请上传加盖单位公章的就业协议书图像（JPG、PNG 或 PDF），提交后链接即失效。</p>"
        '<form method="post" enctype="multipart/form-data">'
        '<input type="file" name="file" accept="image/jpeg,image/png,application/pdf" required> '
        '<button type="submit">提交</button></form>'))


async def _upload(request: Request, token: str) -> HTMLResponse:
    form = await request.form()
    upload = form.get("file")
    ctx = Context(viewer=UPLOADER, client_ip=request.client.host if request.client else "",
                  request_id=request.headers.get("x-request-id", ""), request=request)
    try:
        image = await stamped.read(upload if hasattr(upload, "read") else None)
        async with transaction.atomic():
            agreement = await stamped.upload_by_link(ctx, token, image)
    except stamped.LinkRefused as e:
        return _refused(e.reason)
    except DomainError as e:
        return _page("refused", f"<strong>未能提交</strong><p>{html.escape(e.message)}</p>", 400)
    finally:
        await form.close()
    return _page("done", f"<strong>已提交</strong><p>就业协议书 {html.escape(agreement.number)} 的盖章图像已回传，"
                         "等待学校审核。</p>")

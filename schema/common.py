"""Small shared GraphQL types."""

from __future__ import annotations

import datetime as dt

import strawberry

from models import codes


@strawberry.type(description="代码表中的一项：国家标准代码与名称")
class CodeValue:
    code: str
    label: str


def code_value(table: dict[str, str], code: str | None) -> CodeValue | None:
    if not code:
        return None
    return CodeValue(code=code, label=table.get(code, code))


@strawberry.type(description="行政区划（到区县）")
class Region:
    code: str
    name: str


def region(code: str | None, name: str | None) -> Region | None:
    return Region(code=code, name=name or "") if code else None


CodeTable = strawberry.enum(
    __import__("enum").Enum("CodeTable", {k: k for k in codes.TABLES}),
    name="CodeTable",
    description="代码表：学历、单位性质、单位行业、毕业去向、培养方式、政治面貌、民族、性别",
)


@strawberry.type(description="上传或生成的文件：名称、类型、大小，及有权查看者的限时下载链接")
class StoredFileInfo:
    filename: str
    content_type: str = strawberry.field(description="按文件内容识别的类型，如 image/png、application/pdf")
    size: int = strawberry.field(description="字节数")
    url: str | None = strawberry.field(
        description="限时下载链接（有效期见 WANGQIAN_FILE_URL_SECONDS，默认 5 分钟），无需登录即可打开，"
                    "过期后请重新查询；无权查看文件内容时为 null")
    url_expires_at: dt.datetime | None = strawberry.field(description="下载链接的过期时间")


def stored_file_info(view) -> StoredFileInfo | None:
    """A resolvers/file_access.FileView as GraphQL shows it."""
    if view is None:
        return None
    return StoredFileInfo(filename=view.filename, content_type=view.content_type, size=view.size, url=view.url,
                          url_expires_at=view.url_expires_at)

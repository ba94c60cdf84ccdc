"""The secret key (tokens, QR cards) and the data key (ID numbers, phones at rest): never from the source.

The embedded default (SQLite) generates both on first start into a private file beside its database and reuses
them; any other database must be given WANGQIAN_SECRET_KEY and WANGQIAN_DATA_KEY.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.settings import Settings

MIN_SECRET_LENGTH = 32
HOW_TO = ("生成方法：WANGQIAN_SECRET_KEY=$(openssl rand -base64 48)、WANGQIAN_DATA_KEY=$(openssl rand -base64 32)；"
          "数据密钥一经使用不可更换，否则已加密的身份证号、手机号无法读取")


class KeysMissing(RuntimeError):
    """The server must not start: the reason, in Chinese, is the message."""


@dataclass(frozen=True)
class Keys:
    secret_key: str
    data_key: str


def load(settings: Settings) -> Keys:
    given = settings.configured_secret_key, settings.configured_data_key
    if all(given):
        return _checked(Keys(*given), "环境变量")
    if any(given):
        raise KeysMissing("WANGQIAN_SECRET_KEY 与 WANGQIAN_DATA_KEY 须同时设置。" + HOW_TO)
    if not settings.is_sqlite:
        raise KeysMissing("使用 SQLite 以外的数据库时必须设置 WANGQIAN_SECRET_KEY 与 WANGQIAN_DATA_KEY，"
                          "没有私有密钥服务不会启动。" + HOW_TO)
    path = key_file(settings.database_url)
    return _generate() if path is None else _checked(_from_file(path), str(path))


def key_file(database_url: str) -> Path | None:
    """`wangqian.sqlite3` keeps its keys in `wangqian.sqlite3.keys`; an in-memory database has none."""
    db_path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if db_path in ("", ":memory:"):
        return None
    return Path(db_path + ".keys")


def _generate() -> Keys:
    return Keys(secrets.token_urlsafe(48), base64.b64encode(os.urandom(32)).decode())


def _from_file(path: Path) -> Keys:
    if not path.exists():
        _create(path, _generate())
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeysMissing(f"密钥文件 {path} 可被其他用户读取（权限 {mode:o}），请执行 chmod 600 {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Keys(data["secret_key"], data["data_key"])
    except (ValueError, KeyError, TypeError):
        raise KeysMissing(f"密钥文件 {path} 已损坏；若数据库中尚无数据可删除它，服务会重新生成") from None


def _create(path: Path, keys: Keys) -> None:
    create_private_file(path, json.dumps({"secret_key": keys.secret_key, "data_key": keys.data_key}).encode())


def create_private_file(path: Path, data: bytes) -> None:
    """Written whole (mode 600) under a temporary name, then linked into place: two processes starting at once
    agree on one file (the second link fails and that process reads the first's). An existing file stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _checked(keys: Keys, source: str) -> Keys:
    if len(keys.secret_key) < MIN_SECRET_LENGTH:
        raise KeysMissing(f"WANGQIAN_SECRET_KEY（{source}）至少 {MIN_SECRET_LENGTH} 个字符。" + HOW_TO)
    try:
        raw = base64.b64decode(keys.data_key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeysMissing(f"WANGQIAN_DATA_KEY（{source}）须为 32 字节密钥的 base64 编码。" + HOW_TO)
    return keys

"""Where the bytes of stored files live: a local directory (the embedded default) or an S3-compatible bucket.

`resolvers/files.py` is the only caller; the database keeps what a file is (`StoredFile`), this keeps its bytes
under a key the database row names. Both backends keep the event loop free: disk and S3 calls run in worker
threads (boto3 is a blocking client).
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import threading
from pathlib import Path
from typing import Protocol

from server.settings import Settings, get_settings

# Keys are made by us (resolvers/files.new_key); anything else is refused before it reaches a path or a bucket.
_KEY = re.compile(r"[a-z0-9_]{1,32}/[A-Za-z0-9_.-]{1,128}")


class FileMissing(LookupError):
    """The database names a key the store does not hold (deleted by hand, a restore without the files)."""


class Storage(Protocol):
    name: str

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    async def ready(self) -> bool: ...


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a stored-file key: {key!r}")
    return key


class LocalDirectory:
    """One file per key under a private directory; a file appears whole or not at all (written, then renamed)."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def _put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise FileMissing(key) from None

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._put, key, data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._get, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    def _ready(self) -> bool:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return os.access(self.root, os.W_OK)

    async def ready(self) -> bool:
        return await asyncio.to_thread(self._ready)


class S3Bucket:
    """An S3-compatible bucket (AWS S3, MinIO, Ceph, Aliyun OSS, Tencent COS) through boto3.

    boto3 rather than aiobotocore: it is AWS's own SDK, released with every botocore, while aiobotocore pins a
    narrow botocore range that has to move in step with it (and with moto in the tests). Files are at most a
    few megabytes and a request handles one, so a worker thread per call costs nothing the loop would notice.
    """

    name = "s3"

    def __init__(self, settings: Settings) -> None:
        self.bucket = settings.s3_bucket
        self._settings = settings
        self._client = None
        self._lock = threading.Lock()

    def client(self):
        # Made once, lazily: a boto3 client is safe to share between threads, its creation is not.
        with self._lock:
            if self._client is None:
                import boto3
                from botocore.config import Config

                s = self._settings
                self._client = boto3.session.Session().client(
                    "s3", endpoint_url=s.s3_endpoint or None, region_name=s.s3_region,
                    aws_access_key_id=s.s3_access_key_id, aws_secret_access_key=s.s3_secret_access_key,
                    config=Config(signature_version="s3v4", s3={"addressing_style": s.s3_addressing_style},
                                  connect_timeout=5, read_timeout=30,
                                  retries={"max_attempts": 4, "mode": "standard"}))
            return self._client

    def _put(self, key: str, data: bytes, content_type: str) -> None:
        self.client().put_object(Bucket=self.bucket, Key=_checked(key), Body=data, ContentType=content_type)

    def _get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            response = self.client().get_object(Bucket=self.bucket, Key=_checked(key))
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileMissing(key) from None
            raise
        with response["Body"] as body:
            return body.read()

    def _delete(self, key: str) -> None:
        self.client().delete_object(Bucket=self.bucket, Key=_checked(key))

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._put, key, data, content_type)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._get, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._delete, key)

    def _ready(self) -> bool:
        self.client().head_bucket(Bucket=self.bucket)
        return True

    async def ready(self) -> bool:
        """The bucket exists and the credentials reach it."""
        return await asyncio.to_thread(self._ready)


_made: dict[tuple, Storage] = {}


def storage(settings: Settings | None = None) -> Storage:
    """The store the settings name: the bucket when WANGQIAN_S3_BUCKET is set, else the local directory.
    One per configuration, so its client and connection pool are reused."""
    s = settings or get_settings()
    where = (s.s3_bucket, s.s3_endpoint, s.s3_region, s.s3_access_key_id, s.s3_secret_access_key,
             s.s3_addressing_style) if s.s3_bucket \
        else (str(s.files_path.resolve()),)
    if where not in _made:
        _made[where] = S3Bucket(s) if s.s3_bucket else LocalDirectory(s.files_path)
    return _made[where]

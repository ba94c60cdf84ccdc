"""An S3-compatible object store for the tests: moto's server mode on a free port of 127.0.0.1, in this process
(ThreadedMotoServer), reached by the real boto3 client over HTTP like any bucket in production."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from tests.live_server import free_port


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key_id: str = "testing-access-key"
    secret_access_key: str = "testing-secret-key"
    region: str = "cn-north-1"

    def env(self, bucket: str) -> dict[str, str]:
        """The settings a deployment would give for this store and bucket."""
        return {"WANGQIAN_S3_ENDPOINT": self.endpoint, "WANGQIAN_S3_BUCKET": bucket,
                "WANGQIAN_S3_REGION": self.region, "WANGQIAN_S3_ACCESS_KEY_ID": self.access_key_id,
                "WANGQIAN_S3_SECRET_ACCESS_KEY": self.secret_access_key}

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=self.region,
                            aws_access_key_id=self.access_key_id, aws_secret_access_key=self.secret_access_key)

    def new_bucket(self) -> str:
        name = f"wangqian-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region})
        return name


@contextlib.contextmanager
def running() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(endpoint=f"http://127.0.0.1:{port}")
    finally:
        server.stop()

"""Settings, read from environment variables (see README.md for the list)."""

from __future__ import annotations

import ipaddress
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    environment: str = Field("development", alias="WANGQIAN_ENV")
    database_url: str = Field("sqlite://wangqian.sqlite3", alias="DATABASE_URL")
    # Connections each server process keeps to PostgreSQL (tortoise's default, 5, queued requests behind five
    # transactions); the sum over processes must stay under the server's (or PgBouncer's) limit.
    db_pool_size: int = Field(20, alias="WANGQIAN_DB_POOL_SIZE", ge=1)
    # asyncpg's prepared-statement cache per connection; 0 behind PgBouncer in transaction mode before 1.21 (or
    # without max_prepared_statements), where a statement prepared on one server connection is unknown on the next.
    db_statement_cache_size: int = Field(100, alias="WANGQIAN_DB_STATEMENT_CACHE_SIZE", ge=0)
    redis_url: str | None = Field(None, alias="REDIS_URL")
    # Namespace of every Redis key and channel, so deployments (and parallel test runs) can share one Redis.
    redis_prefix: str = Field("wangqian:", alias="WANGQIAN_REDIS_PREFIX")
    # Messages a live subscription may have waiting; one that falls further behind is cut off (SUBSCRIBER_TOO_SLOW)
    # and resumes by cursor, so a client that stops reading costs the server no more than this.
    subscriber_queue: int = Field(256, ge=1, alias="WANGQIAN_SUBSCRIBER_QUEUE")
    # Websocket pings (uvicorn): a connection that answers none within the timeout is closed.
    ws_ping_seconds: float = Field(20.0, gt=0, alias="WANGQIAN_WS_PING_SECONDS")
    ws_ping_timeout_seconds: float = Field(20.0, gt=0, alias="WANGQIAN_WS_PING_TIMEOUT_SECONDS")
    # No defaults: the embedded SQLite mode generates its own keys (server/keys.py), every other database
    # must be given them. Keys in the public source would let anyone forge tokens and read ID numbers.
    configured_secret_key: str | None = Field(None, alias="WANGQIAN_SECRET_KEY")
    # AES-256-GCM key for ID numbers and phones at rest, base64 of 32 bytes.
    configured_data_key: str | None = Field(None, alias="WANGQIAN_DATA_KEY")
    access_token_minutes: int = Field(120, alias="WANGQIAN_ACCESS_TOKEN_MINUTES")
    qr_card_minutes: int = Field(30, alias="WANGQIAN_QR_CARD_MINUTES")
    # A scan-to-print code (P2) lives minutes: long enough to take out a phone, short enough that a photo of a
    # shared PC's screen is worthless soon after.
    print_code_minutes: int = Field(5, ge=1, le=60, alias="WANGQIAN_PRINT_CODE_MINUTES")
    # Issue 12 §2: how long before a campus job fair starts its registered graduates are reminded.
    fair_reminder_hours: int = Field(24, ge=1, le=24 * 14, alias="WANGQIAN_FAIR_REMINDER_HOURS")
    # Spent print codes are deleted this long after they could last be used (resolvers/purges.py): a day leaves
    # the code's row to answer "what was printed from that PC this morning".
    print_code_grace_hours: int = Field(24, ge=0, alias="WANGQIAN_PRINT_CODE_GRACE_HOURS")
    # Staff export files (personal data in spreadsheets) are deleted, row and bytes, this long after they were
    # written; the audit log keeps who exported what.
    export_retention_days: int = Field(7, ge=1, alias="WANGQIAN_EXPORT_RETENTION_DAYS")
    # Peers whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated): behind a reverse
    # proxy the client address, on which the per-client limits key, is the real client only through them.
    trusted_proxies: str = Field("127.0.0.1,::1", alias="WANGQIAN_TRUSTED_PROXIES")

    # Where the public verification page is reached: the QR code on every printed agreement holds
    # <public_url>/verify/<token> (P3), so it must be the address phones reach, not the internal one.
    public_url: str = Field("http://127.0.0.1:8000", alias="WANGQIAN_PUBLIC_URL")
    # Ed25519 keys signing the verification tokens, "kid:base64-of-32-byte-seed,...": the first signs, all verify,
    # so a key is rotated by putting a new one first. Unset: SQLite keeps its own beside the database.
    configured_verification_keys: str | None = Field(None, alias="WANGQIAN_VERIFICATION_KEYS")
    # The platform's certificate sealing every agreement PDF (PAdES): PEM files, the certificate (with its chain)
    # and its private key. Unset: SQLite makes a development certificate beside the database.
    seal_certificate: str | None = Field(None, alias="WANGQIAN_SEAL_CERTIFICATE")
    seal_key: str | None = Field(None, alias="WANGQIAN_SEAL_KEY")

    wechat_api_base: str = Field("https://api.weixin.qq.com", alias="WECHAT_API_BASE")
    wechat_appid: str = Field("wx-dev-appid", alias="WECHAT_APPID")
    wechat_secret: str = Field("wx-dev-secret", alias="WECHAT_SECRET")
    # Mini-program subscribe message template id per event kind ({"invitation.received": "tmpl..."}): a kind
    # without one is not sent as a subscribe message. The keywords each template carries: notifications/templates.py.
    wechat_subscribe_templates: dict[str, str] = Field(default_factory=dict, alias="WECHAT_SUBSCRIBE_TEMPLATES")
    # "formal" | "trial" | "developer": which build of the mini-program a subscribe message opens.
    wechat_miniprogram_state: str = Field("formal", alias="WECHAT_MINIPROGRAM_STATE")
    # The official account (服务号) the graduates follow (seed 004 §7): its own appid, secret and template ids;
    # the token is the one configured for its message push URL (/wechat/official-account).
    wechat_oa_appid: str | None = Field(None, alias="WECHAT_OA_APPID")
    wechat_oa_secret: str | None = Field(None, alias="WECHAT_OA_SECRET")
    wechat_oa_token: str | None = Field(None, alias="WECHAT_OA_TOKEN")
    wechat_oa_templates: dict[str, str] = Field(default_factory=dict, alias="WECHAT_OA_TEMPLATES")
    # Seconds a call to WeChat or an SMS provider may take before it counts as a timeout (retried later).
    provider_timeout_seconds: float = Field(10.0, alias="WANGQIAN_PROVIDER_TIMEOUT_SECONDS")

    # SMS: unset sends none (deliveries by SMS are suppressed); aliyun or tencent with their keys otherwise.
    sms_provider: str | None = Field(None, alias="WANGQIAN_SMS_PROVIDER")
    sms_endpoint: str | None = Field(None, alias="WANGQIAN_SMS_ENDPOINT")  # unset: the provider's public one
    sms_access_key_id: str | None = Field(None, alias="WANGQIAN_SMS_ACCESS_KEY_ID")
    sms_access_key_secret: str | None = Field(None, alias="WANGQIAN_SMS_ACCESS_KEY_SECRET")
    sms_sign_name: str = Field("", alias="WANGQIAN_SMS_SIGN_NAME")
    sms_region: str | None = Field(None, alias="WANGQIAN_SMS_REGION")  # unset: cn-hangzhou / ap-guangzhou
    sms_sdk_app_id: str | None = Field(None, alias="WANGQIAN_SMS_SDK_APP_ID")  # Tencent only
    # Approved template code (aliyun) or id (tencent) per event kind; a kind without one is not sent by SMS.
    sms_templates: dict[str, str] = Field(default_factory=dict, alias="WANGQIAN_SMS_TEMPLATES")

    # Delivery worker (notifications/worker.py): `wangqian serve` runs it in-process unless this is false
    # (`serve --no-worker` sets it), and then `wangqian worker` runs it.
    in_process_worker: bool = Field(True, alias="WANGQIAN_IN_PROCESS_WORKER")
    delivery_max_attempts: int = Field(8, alias="WANGQIAN_DELIVERY_MAX_ATTEMPTS")
    delivery_backoff_seconds: float = Field(30.0, alias="WANGQIAN_DELIVERY_BACKOFF_SECONDS")
    delivery_max_backoff_seconds: float = Field(3600.0, alias="WANGQIAN_DELIVERY_MAX_BACKOFF_SECONDS")
    # A delivery left `sending` longer than this is in doubt (its worker died): it is sent again (see worker.py).
    delivery_lease_seconds: float = Field(300.0, alias="WANGQIAN_DELIVERY_LEASE_SECONDS")
    delivery_poll_seconds: float = Field(1.0, alias="WANGQIAN_DELIVERY_POLL_SECONDS")
    # Deliveries one worker has in flight at once: sends wait on the provider, not on the CPU.
    delivery_concurrency: int = Field(4, alias="WANGQIAN_DELIVERY_CONCURRENCY")
    # Email to employers' contact addresses; no host: the email channel is not configured (deliveries suppressed).
    smtp_host: str | None = Field(None, alias="WANGQIAN_SMTP_HOST")
    smtp_port: int = Field(25, alias="WANGQIAN_SMTP_PORT")
    smtp_user: str | None = Field(None, alias="WANGQIAN_SMTP_USER")
    smtp_password: str | None = Field(None, alias="WANGQIAN_SMTP_PASSWORD")
    smtp_tls: str = Field("none", alias="WANGQIAN_SMTP_TLS")  # none | starttls | tls
    smtp_from: str = Field("网签平台 <noreply@wangqian.local>", alias="WANGQIAN_SMTP_FROM")
    smtp_timeout_seconds: float = Field(30.0, alias="WANGQIAN_SMTP_TIMEOUT_SECONDS")

    login_max_failures: int = Field(5, alias="WANGQIAN_LOGIN_MAX_FAILURES")
    client_max_failures: int = Field(30, alias="WANGQIAN_CLIENT_MAX_FAILURES")
    lockout_minutes: int = Field(15, alias="WANGQIAN_LOCKOUT_MINUTES")
    registrations_per_client: int = Field(20, alias="WANGQIAN_REGISTRATIONS_PER_CLIENT")
    registration_window_minutes: int = Field(24 * 60, alias="WANGQIAN_REGISTRATION_WINDOW_MINUTES")

    graphql_max_depth: int = Field(12, alias="WANGQIAN_GRAPHQL_MAX_DEPTH")
    graphql_max_tokens: int = Field(4000, alias="WANGQIAN_GRAPHQL_MAX_TOKENS")
    graphql_max_aliases: int = Field(30, alias="WANGQIAN_GRAPHQL_MAX_ALIASES")
    # Estimated objects an operation may resolve: a list counts its page size (`first`, else 100 for a variable).
    graphql_max_complexity: int = Field(100_000, alias="WANGQIAN_GRAPHQL_MAX_COMPLEXITY")
    # Introspection, GraphiQL and "Did you mean" suggestions; unset: on everywhere but production.
    graphql_introspection: bool | None = Field(None, alias="WANGQIAN_GRAPHQL_INTROSPECTION")
    # Request bodies: a JSON operation; a multipart upload may be WANGQIAN_UPLOAD_MAX_BYTES plus its form.
    max_body_bytes: int = Field(1024 * 1024, alias="WANGQIAN_MAX_BODY_BYTES")
    # Files fetched at first start (GraphiQL's scripts), never committed.
    assets_dir: str = Field(".wangqian-assets", alias="WANGQIAN_ASSETS_DIR")
    upload_max_bytes: int = Field(10 * 1024 * 1024, alias="WANGQIAN_UPLOAD_MAX_BYTES")
    # Width x height of an uploaded image: a small file can decode to gigabytes (a decompression bomb).
    upload_max_pixels: int = Field(50_000_000, alias="WANGQIAN_UPLOAD_MAX_PIXELS")

    # Where stored files (uploads, agreement PDFs) live: an S3-compatible bucket when a bucket is named, else a
    # local directory (default: beside the SQLite database, like its key file).
    files_dir: str | None = Field(None, alias="WANGQIAN_FILES_DIR")
    s3_bucket: str | None = Field(None, alias="WANGQIAN_S3_BUCKET")
    s3_endpoint: str | None = Field(None, alias="WANGQIAN_S3_ENDPOINT")
    s3_region: str = Field("us-east-1", alias="WANGQIAN_S3_REGION")
    s3_access_key_id: str | None = Field(None, alias="WANGQIAN_S3_ACCESS_KEY_ID")
    s3_secret_access_key: str | None = Field(None, alias="WANGQIAN_S3_SECRET_ACCESS_KEY")
    # "path" (https://endpoint/bucket/key: MinIO, Ceph, most private stores) or "virtual" (bucket.endpoint:
    # Aliyun OSS requires it).
    s3_addressing_style: str = Field("path", alias="WANGQIAN_S3_ADDRESSING_STYLE")
    # Lifetime of a signed download link: long enough to open it, short enough that a forwarded link dies.
    file_url_seconds: int = Field(300, ge=10, le=86400, alias="WANGQIAN_FILE_URL_SECONDS")

    # The national destination registration system's receiver (issue 12 §6, resolvers/national/connector.py).
    # Unset: records stay queued, nothing is lost, and the school's console says the link is not configured.
    national_url: str | None = Field(None, alias="WANGQIAN_NATIONAL_URL")
    national_key: str | None = Field(None, alias="WANGQIAN_NATIONAL_KEY")  # the HMAC-SHA256 key both sides hold
    national_timeout_seconds: float = Field(30.0, alias="WANGQIAN_NATIONAL_TIMEOUT_SECONDS")
    national_backoff_seconds: float = Field(30.0, alias="WANGQIAN_NATIONAL_BACKOFF_SECONDS")
    national_max_backoff_seconds: float = Field(3600.0, alias="WANGQIAN_NATIONAL_MAX_BACKOFF_SECONDS")
    # An item left `sending` longer than this is in doubt (its worker died): sent again with the same key.
    national_lease_seconds: float = Field(300.0, alias="WANGQIAN_NATIONAL_LEASE_SECONDS")
    national_poll_seconds: float = Field(5.0, alias="WANGQIAN_NATIONAL_POLL_SECONDS")

    @field_validator("sms_provider")
    @classmethod
    def _sms_provider(cls, value: str | None) -> str | None:
        value = (value or "").strip().lower() or None
        if value not in (None, "aliyun", "tencent"):
            raise ValueError(f"WANGQIAN_SMS_PROVIDER: 「{value}」不是 aliyun 或 tencent")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for item in filter(None, (v.strip() for v in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"WANGQIAN_TRUSTED_PROXIES: 「{item}」不是 IP 地址或网段（如 10.0.0.0/8）") from None
        return value

    @field_validator("smtp_tls")
    @classmethod
    def _tls(cls, value: str) -> str:
        if value not in ("none", "starttls", "tls"):
            raise ValueError("WANGQIAN_SMTP_TLS: none、starttls 或 tls")
        return value

    @property
    def developer_tools(self) -> bool:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return self.environment != "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @field_validator("s3_addressing_style")
    @classmethod
    def _addressing(cls, value: str) -> str:
        if value not in ("path", "virtual"):
            raise ValueError("WANGQIAN_S3_ADDRESSING_STYLE: 只能是 path 或 virtual")
        return value

    @property
    def files_path(self) -> Path:
        """The local directory of stored files: the setting, else beside the SQLite database."""
        if self.files_dir:
            return Path(self.files_dir)
        db_path = self.database_url.removeprefix("sqlite://").split("?", 1)[0]
        if self.is_sqlite and db_path not in ("", ":memory:"):
            return Path(db_path + ".files")
        return Path("wangqian-files")

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [v.strip() for v in self.trusted_proxies.split(",") if v.strip()]

    @cached_property
    def loaded_keys(self):
        from server import keys

        return keys.load(self)

    @property
    def secret_key(self) -> str:
        """Signs access tokens and QR cards."""
        return self.loaded_keys.secret_key

    @property
    def data_key(self) -> str:
        return self.loaded_keys.data_key

    def check_production(self) -> None:
        """Refuses to start without private keys (raises keys.KeysMissing with the reason in Chinese)."""
        _ = self.loaded_keys


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Settings, read from environment variables (see README.md for the list)."""

from __future__ import annotations

import ipaddress
from functools import cached_property, lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    environment: str = Field("development", alias="WANGQIAN_ENV")
    database_url: str = Field("sqlite://wangqian.sqlite3", alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    # Namespace of every Redis key and channel, so deployments (and parallel test runs) can share one Redis.
    redis_prefix: str = Field("wangqian:", alias="WANGQIAN_REDIS_PREFIX")
    # No defaults: the embedded SQLite mode generates its own keys (server/keys.py), every other database
    # must be given them. Keys in the public source would let anyone forge tokens and read ID numbers.
    configured_secret_key: str | None = Field(None, alias="WANGQIAN_SECRET_KEY")
    # AES-256-GCM key for ID numbers and phones at rest, base64 of 32 bytes.
    configured_data_key: str | None = Field(None, alias="WANGQIAN_DATA_KEY")
    access_token_minutes: int = Field(120, alias="WANGQIAN_ACCESS_TOKEN_MINUTES")
    qr_card_minutes: int = Field(30, alias="WANGQIAN_QR_CARD_MINUTES")
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

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for item in filter(None, (v.strip() for v in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"WANGQIAN_TRUSTED_PROXIES: 「{item}」不是 IP 地址或网段（如 10.0.0.0/8）") from None
        return value

    @property
    def developer_tools(self) -> bool:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return self.environment != "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

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

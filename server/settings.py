"""Settings, read from environment variables (see README.md for the list)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development-only keys: good enough for the embedded demo, refused in production.
DEV_SECRET = "wangqian-dev-secret-change-me-0123456789"
DEV_DATA_KEY = "ZGV2LWRhdGEta2V5LWNoYW5nZS1tZS0wMTIzNDU2Nzg="  # 32 bytes, base64


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    environment: str = Field("development", alias="WANGQIAN_ENV")
    database_url: str = Field("sqlite://wangqian.sqlite3", alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    secret_key: str = Field(DEV_SECRET, alias="WANGQIAN_SECRET_KEY")
    # AES-256-GCM key for ID numbers and phones at rest, base64 of 32 bytes.
    data_key: str = Field(DEV_DATA_KEY, alias="WANGQIAN_DATA_KEY")
    access_token_minutes: int = Field(120, alias="WANGQIAN_ACCESS_TOKEN_MINUTES")
    qr_card_minutes: int = Field(30, alias="WANGQIAN_QR_CARD_MINUTES")

    wechat_api_base: str = Field("https://api.weixin.qq.com", alias="WECHAT_API_BASE")
    wechat_appid: str = Field("wx-dev-appid", alias="WECHAT_APPID")
    wechat_secret: str = Field("wx-dev-secret", alias="WECHAT_SECRET")

    login_max_failures: int = Field(5, alias="WANGQIAN_LOGIN_MAX_FAILURES")
    client_max_failures: int = Field(30, alias="WANGQIAN_CLIENT_MAX_FAILURES")
    lockout_minutes: int = Field(15, alias="WANGQIAN_LOCKOUT_MINUTES")

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

    @property
    def developer_tools(self) -> bool:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return self.environment != "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check_production(self) -> None:
        dev_keys = self.secret_key == DEV_SECRET or self.data_key == DEV_DATA_KEY
        if self.environment == "production" and dev_keys:
            raise RuntimeError("生产环境必须设置 WANGQIAN_SECRET_KEY 与 WANGQIAN_DATA_KEY")


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Issue 6 §5: the server never runs on keys from the public source. The embedded default (SQLite) makes its own
private key file; every other database needs keys from settings, else serve and migrate refuse to start."""

import datetime as dt
import json
import os
import stat
import subprocess

import jwt

from tests.test_cli import WANGQIAN, _env

# The development key that every copy of the source used to carry.
OLD_PUBLIC_SECRET = "wangqian-dev-secret-change-me-0123456789"
ME = "{ me { role } }"


def _without_keys(env: dict) -> dict:
    return {k: v for k, v in env.items() if k not in ("WANGQIAN_SECRET_KEY", "WANGQIAN_DATA_KEY")}


def test_i6_5_serve_and_migrate_refuse_postgresql_without_keys(tmp_path):
    for environment in ("production", "prod", None):
        env = _without_keys(_env(tmp_path))
        env["DATABASE_URL"] = "postgres://wangqian@127.0.0.1:9/wangqian"
        env.pop("WANGQIAN_ENV", None)
        if environment:
            env["WANGQIAN_ENV"] = environment
        for command in (["serve", "--port", "9"], ["migrate"]):
            run = subprocess.run([WANGQIAN, *command], env=env, cwd=tmp_path, capture_output=True, text=True,
                                 timeout=60)
            assert run.returncode != 0, (command, environment)
            assert "WANGQIAN_SECRET_KEY" in run.stderr and "WANGQIAN_DATA_KEY" in run.stderr
            assert "Traceback" not in run.stderr


def test_i6_5_keys_from_settings_must_be_whole(tmp_path):
    env = _without_keys(_env(tmp_path))
    env.update(DATABASE_URL="postgres://wangqian@127.0.0.1:9/wangqian", WANGQIAN_SECRET_KEY="short",
               WANGQIAN_DATA_KEY="bm90LTMyLWJ5dGVz")
    run = subprocess.run([WANGQIAN, "migrate"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "WANGQIAN_SECRET_KEY" in run.stderr


def test_i6_5_embedded_default_makes_a_private_key_file_once_and_reuses_it(tmp_path):
    env = _without_keys(_env(tmp_path))
    subprocess.run([WANGQIAN, "migrate"], check=True, timeout=120, env=env, cwd=tmp_path, capture_output=True)
    key_file = tmp_path / "cli.sqlite3.keys"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    keys = json.loads(key_file.read_text())
    assert len(keys["secret_key"]) >= 32 and keys["secret_key"] != OLD_PUBLIC_SECRET
    subprocess.run([WANGQIAN, "migrate"], check=True, timeout=120, env=env, cwd=tmp_path, capture_output=True)
    assert json.loads(key_file.read_text()) == keys

    os.chmod(key_file, 0o644)  # readable by every user of the machine: refused, with the fix
    run = subprocess.run([WANGQIAN, "migrate"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "chmod 600" in run.stderr


async def test_i6_5_a_token_forged_with_the_old_public_key_is_refused(world, gql, refusal):
    now = dt.datetime.now(dt.UTC)
    forged = jwt.encode({"sub": f"school_admin:{world.admin.id}", "sv": world.admin.session_version,
                         "purpose": "access", "iat": now, "exp": now + dt.timedelta(hours=1)},
                        OLD_PUBLIC_SECRET, algorithm="HS256")
    assert await refusal(forged, ME) == "TOKEN_INVALID"
    assert (await gql(ME, token=world.tokens["admin"]))["data"]["me"]["role"] == "school_admin"

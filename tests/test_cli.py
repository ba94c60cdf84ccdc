"""The `wangqian` command as an operator uses it: real processes, the embedded default."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.live_server import free_port

WANGQIAN = str(Path(sys.executable).parent / "wangqian")


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    return env


def test_export_schema_writes_sdl(tmp_path):
    out = tmp_path / "schema.graphql"
    subprocess.run([WANGQIAN, "export-schema", "--output", str(out)], check=True, timeout=60, cwd=tmp_path)
    text = out.read_text(encoding="utf-8")
    assert "type Query" in text and "interface Node" in text


def test_migrate_then_demo_is_idempotent(tmp_path):
    env = _env(tmp_path)
    subprocess.run([WANGQIAN, "migrate"], check=True, timeout=120, env=env, cwd=tmp_path, capture_output=True)
    first = subprocess.run([WANGQIAN, "demo"], check=True, timeout=120, env=env, cwd=tmp_path,
                           capture_output=True, text=True)
    second = subprocess.run([WANGQIAN, "demo"], check=True, timeout=120, env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert "school_admin" in first.stdout and first.stdout == second.stdout


def test_serve_demo_gives_a_working_graphql_endpoint(tmp_path):
    """The README's first command: serve on the embedded default with demo data, log in, read."""
    port = free_port()
    proc = subprocess.Popen([WANGQIAN, "serve", "--demo", "--port", str(port)], env=_env(tmp_path), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not become ready"
            assert proc.poll() is None, "server exited"
            time.sleep(0.3)
        assert "graphiql" in httpx.get(f"{base}/graphql", headers={"Accept": "text/html"}).text.lower()
        login = httpx.post(f"{base}/graphql", json={
            "query": "mutation($i: StaffLoginInput!) { staffLogin(input: $i) { token errors { code } } }",
            "variables": {"i": {"username": "school_admin", "password": "Demo2026pass"}}}).json()
        token = login["data"]["staffLogin"]["token"]
        me = httpx.post(f"{base}/graphql", json={"query": "{ me { staff { name school { name } } } }"},
                        headers={"Authorization": f"Bearer {token}"}).json()
        assert me["data"]["me"]["staff"] == {"name": "张管理", "school": {"name": "安徽工程大学"}}
        _demo_graduate_logs_in_and_reads_their_record(base)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "演示账号" in output and "school_admin" in output
    assert f"GraphiQL: http://127.0.0.1:{port}/graphql" in output


def _gql(base: str, query: str, variables: dict, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers).json()


def _demo_graduate_logs_in_and_reads_their_record(base: str) -> None:
    schools = _gql(base, "{ schools(keyword: \"安徽工程\") { edges { node { id } } } }", {})
    school_id = schools["data"]["schools"]["edges"][0]["node"]["id"]
    login = _gql(base, """mutation($i: GraduatePasswordLoginInput!) { graduatePasswordLogin(input: $i) {
        token passwordChangeRequired errors { code } } }""",
                 {"i": {"schoolId": school_id, "studentNumber": "3220701001", "password": "Init2026pass"}})
    payload = login["data"]["graduatePasswordLogin"]
    assert payload["errors"] == [] and payload["passwordChangeRequired"] is True
    changed = _gql(base, """mutation($i: ChangePasswordInput!) { changePassword(input: $i) {
        token errors { code } } }""", {"i": {"currentPassword": "Init2026pass", "newPassword": "Mine2026pass"}},
                   token=payload["token"])
    token = changed["data"]["changePassword"]["token"]
    me = _gql(base, "{ me { graduate { name studentNumber idNumber department { name } } } }", {}, token=token)
    assert me["data"]["me"]["graduate"]["name"] == "陈晓明"
    assert me["data"]["me"]["graduate"]["department"] == {"name": "计算机与信息学院"}
    assert len(me["data"]["me"]["graduate"]["idNumber"]) == 18 and "*" not in me["data"]["me"]["graduate"]["idNumber"]


def test_i7_11_serve_on_a_taken_port_says_so_and_prints_no_url(tmp_path):
    """`./scripts/serve-demo` when something already listens on the port: a clear refusal in Chinese and
    English, exit status 1, and neither a URL nor demo accounts for a server that never started."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([WANGQIAN, "serve", "--demo", "--port", str(port)], env=_env(tmp_path), cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"端口 {port} 已被占用" in run.stderr and f"port {port} on 127.0.0.1 is already in use" in run.stderr
    assert "http://" not in run.stdout + run.stderr and "演示账号" not in run.stdout


def test_i10_3_check_system_says_what_agreement_pdfs_need(tmp_path):
    env = _env(tmp_path)
    done = subprocess.run([WANGQIAN, "check-system"], timeout=120, env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert "齐备" in done.stdout
    # Elsewhere than the embedded default, the keys and the certificate must come from settings: it says which.
    env = {**env, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "WANGQIAN_SECRET_KEY": "s" * 40,
           "WANGQIAN_DATA_KEY": "A" * 43 + "=", "WANGQIAN_VERIFICATION_KEYS": "", "WANGQIAN_SEAL_CERTIFICATE": "",
           "WANGQIAN_SEAL_KEY": ""}
    done = subprocess.run([WANGQIAN, "check-system"], timeout=120, env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert "WANGQIAN_VERIFICATION_KEYS" in done.stderr and "WANGQIAN_SEAL_CERTIFICATE" in done.stderr

"""The `wangqian` command: serve, worker, migrate, demo, export-schema, makemigrations, create-school, create-staff,
fetch-graphiql."""

from __future__ import annotations

import argparse
import asyncio
import errno
import os
import socket
import sys
from pathlib import Path

SCHEMA_FILE = Path("frontend-contract/schema.graphql")


def export_schema_text() -> str:
    from strawberry.printer import print_schema

    from schema.root import schema

    return print_schema(schema) + "\n"


def _export_schema(args: argparse.Namespace) -> int:
    text = export_schema_text()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"schema written to {args.output}")
    return 0


def _keys_refused() -> bool:
    """Serving, migrating or onboarding without private keys is refused (issue 6 §5); the reason goes to stderr."""
    from server.keys import KeysMissing
    from server.settings import get_settings

    try:
        get_settings().check_production()
    except KeysMissing as e:
        print(f"错误：{e}", file=sys.stderr)
        return True
    return False


def _pdf_problems() -> list[str]:
    """What keeps agreement PDFs from being rendered and sealed here, in Chinese (issue 10 §3)."""
    from pdf import seal, system, tokens

    found = system.problems()
    if found:
        found.append("安装方法：" + system.HOW_TO)
    for check, refusal in ((tokens.key_ring, tokens.KeysMissing), (seal.signer, seal.SealMissing)):
        try:
            check()
        except refusal as e:
            found.append(str(e))
    return found


def _check_system(_: argparse.Namespace) -> int:
    if _keys_refused():
        return 2
    found = _pdf_problems()
    for line in found:
        print(f"缺少：{line}", file=sys.stderr)
    if not found:
        print("协议书 PDF：系统库、中文字体、防伪密钥与签章证书齐备")
    return 1 if found else 0


def _print(args: argparse.Namespace) -> int:
    """Approved agreements of a school or department, approved within dates, into one PDF or a zip (issue 10 §8)."""
    import datetime as dt

    from pdf import batch
    from server import db
    from server.settings import get_settings

    if _keys_refused():
        return 2
    if problems := _pdf_problems():
        for line in problems:
            print(f"错误：{line}", file=sys.stderr)
        return 1
    try:
        dates = [dt.date.fromisoformat(v) if v else None for v in (args.approved_from, args.approved_to)]
    except ValueError:
        print("错误：日期格式应为 YYYY-MM-DD", file=sys.stderr)
        return 1

    async def select():
        await db.init(apply_migrations=get_settings().is_sqlite)
        try:
            return await batch.select(args.school, args.department, *dates)
        finally:
            await db.close()

    try:
        jobs = asyncio.run(select())
    except batch.Refused as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    if not jobs:
        print("没有符合条件的已审核通过的协议书", file=sys.stderr)
        return 1
    done = batch.run(jobs, args.output, processes=args.processes,
                     progress=None if args.quiet else batch.progress_bar(len(jobs)))
    print(f"{done} 份协议书（每份 3 联）已写入 {args.output}")
    return 0


def _migrate(_: argparse.Namespace) -> int:
    from server import db

    if _keys_refused():
        return 2

    async def run() -> None:
        await db.migrate()
        await db.close()

    asyncio.run(run())
    print("migrations applied")
    return 0


def _makemigrations(_: argparse.Namespace) -> int:
    from tortoise.cli.cli import run_cli_async

    return asyncio.run(run_cli_async(["-c", "server.db.TORTOISE_ORM", "makemigrations"]))


def _demo(_: argparse.Namespace) -> int:
    from server import db, demo

    if _keys_refused():
        return 2

    async def run() -> None:
        await db.init(apply_migrations=True)
        try:
            accounts = await demo.load()
        finally:
            await db.close()
        demo.print_accounts(accounts)

    asyncio.run(run())
    return 0


def _bootstrap(work) -> int:
    """Runs one onboarding step against the configured database; a refusal prints why and exits 1."""
    from server import bootstrap, db
    from server.settings import get_settings

    if _keys_refused():
        return 2
    async def run() -> list[str]:
        await db.init(apply_migrations=get_settings().is_sqlite)
        try:
            return await work(bootstrap)
        finally:
            await db.close()

    try:
        lines = asyncio.run(run())
    except bootstrap.BootstrapError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _create_school(args: argparse.Namespace) -> int:
    async def work(bootstrap) -> list[str]:
        outcome = await bootstrap.create_school(args.province_code, args.province_name, args.code, args.name,
                                                args.review_levels)
        return outcome.lines

    return _bootstrap(work)


def _create_staff(args: argparse.Namespace) -> int:
    async def work(bootstrap) -> list[str]:
        outcome = await bootstrap.create_staff(args.role, args.username, args.name, school_code=args.school,
                                               province_code=args.province)
        return outcome.lines

    return _bootstrap(work)


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in Chinese and English), or None if it can.

    Checked before anything else, so the operator never sees a URL, or the demo accounts, for a server that
    then fails to start. Binds the way uvicorn does (SO_REUSEADDR), so only a port really taken is refused.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            return (f"错误：端口 {port} 已被占用（{host}:{port}），服务未启动。请关闭占用该端口的程序，"
                    f"或用 --port 换一个端口，例如 --port {port + 1}。\n"
                    f"Error: port {port} on {host} is already in use; the server did not start. Stop the "
                    f"program using it, or choose another port, e.g. --port {port + 1}.")
        return (f"错误：无法在 {host}:{port} 上监听（{e.strerror or e}），服务未启动。\n"
                f"Error: cannot listen on {host}:{port} ({e.strerror or e}); the server did not start.")
    return None


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server import graphiql, logs
    from server.settings import get_settings

    if (why := _cannot_listen(args.host, args.port)) is not None:
        print(why, file=sys.stderr)
        return 1
    # Checked here, before the workers start: on SQLite the key file is then made once, by this process.
    if _keys_refused():
        return 2
    if args.no_worker:
        # Read by each server process's settings (uvicorn builds the app from the factory in every process).
        os.environ["WANGQIAN_IN_PROCESS_WORKER"] = "false"
        get_settings.cache_clear()
    if args.demo:
        _demo(args)
    for line in _pdf_problems():  # the server runs without them; only agreement PDFs wait until they are fixed
        print(f"警告：协议书 PDF 暂无法生成：{line}", file=sys.stderr)
    logs.configure()
    if get_settings().developer_tools:
        graphiql.fetch_quietly()  # first run only: later runs find the verified files in place
    print(f"GraphiQL: http://{args.host}:{args.port}/graphql", flush=True)
    # X-Forwarded-For names the client only when the peer is a trusted proxy (WANGQIAN_TRUSTED_PROXIES).
    uvicorn.run("server.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers if args.workers > 1 else None, proxy_headers=True,
                forwarded_allow_ips=get_settings().trusted_proxy_list, log_config=None,
                # The server answers graphql-transport-ws pings but sends none: a dead client of a live
                # subscription is found by the websocket layer's own pings.
                ws_ping_interval=get_settings().ws_ping_seconds,
                ws_ping_timeout=get_settings().ws_ping_timeout_seconds)
    return 0


def _worker(_: argparse.Namespace) -> int:
    from notifications import worker
    from server import logs

    if _keys_refused():
        return 2
    logs.configure()
    asyncio.run(worker.main())
    return 0


def _fetch_graphiql(_: argparse.Namespace) -> int:
    from server import graphiql

    try:
        folder = graphiql.fetch()
    except Exception as e:  # no npm, no registry, a hash that does not match: say which
        print(f"错误：GraphiQL 文件下载失败：{e}", file=sys.stderr)
        return 1
    print(f"GraphiQL assets in {folder}")
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wangqian", description="网签与去向登记平台")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the server (applies migrations first on SQLite)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--demo", action="store_true", help="load demo data and print the demo accounts first")
    serve.add_argument("--no-worker", action="store_true",
                       help="run no background work (outbox, expiry sweep, deliveries): `wangqian worker` does")
    serve.set_defaults(func=_serve)

    sub.add_parser("worker", help="run the outbox dispatcher, the expiry sweep and deliveries until stopped"
                   ).set_defaults(func=_worker)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)
    sub.add_parser("makemigrations", help="write a migration for model changes").set_defaults(
        func=_makemigrations)
    sub.add_parser("demo", help="load demo data (idempotent) and print the accounts").set_defaults(func=_demo)

    sub.add_parser("check-system", help="say what rendering and sealing agreement PDFs still needs here "
                   "(Debian packages, fonts, keys, certificate); exit 1 if anything").set_defaults(func=_check_system)

    printing = sub.add_parser("print", help="render approved agreements (a school or department, approval dates) "
                              "into one PDF or, for an output ending in .zip, one sealed PDF each")
    printing.add_argument("--school", required=True, help="school code, e.g. 10363")
    printing.add_argument("--department", help="department code within the school")
    printing.add_argument("--from", dest="approved_from", help="approved on or after YYYY-MM-DD")
    printing.add_argument("--to", dest="approved_to", help="approved on or before YYYY-MM-DD")
    printing.add_argument("--output", required=True, help="FILE.pdf (all in one) or FILE.zip (one sealed PDF each)")
    printing.add_argument("--processes", type=int, help="rendering processes (default: one per core)")
    printing.add_argument("--quiet", action="store_true", help="no progress bar")
    printing.set_defaults(func=_print)

    sub.add_parser("fetch-graphiql", help="download GraphiQL's pinned npm packages (verified) for offline use"
                   ).set_defaults(func=_fetch_graphiql)

    export = sub.add_parser("export-schema", help="print or write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="file to write, or - for stdout")
    export.set_defaults(func=_export_schema)

    school = sub.add_parser("create-school", help="create a school (and its province if missing); idempotent")
    school.add_argument("--province-code", required=True, help="2 digits, e.g. 34")
    school.add_argument("--province-name", required=True, help="e.g. 安徽省")
    school.add_argument("--code", required=True, help="national school code, 5 digits, e.g. 10363")
    school.add_argument("--name", required=True, help="e.g. 安徽工程大学")
    school.add_argument("--review-levels", default="2",
                        help="1: school review only; 2: department first, school final (default)")
    school.set_defaults(func=_create_school)

    staff = sub.add_parser("create-staff", help="create a school admin or province account; prints its initial "
                                                "password once")
    # Roles and scopes are checked by server/bootstrap.py, which explains a refusal in Chinese.
    staff.add_argument("--role", required=True, help="school_admin or province")
    staff.add_argument("--username", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--school", help="school code (role school_admin)")
    staff.add_argument("--province", help="province code (role province)")
    staff.set_defaults(func=_create_staff)

    args = parser.parse_args(argv)
    raise SystemExit(args.func(args))

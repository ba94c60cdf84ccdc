"""The `wangqian` command: serve, migrate, demo, export-schema, makemigrations."""

from __future__ import annotations

import argparse
import asyncio
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


def _migrate(_: argparse.Namespace) -> int:
    from server import db

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

    async def run() -> None:
        await db.init(apply_migrations=True)
        try:
            accounts = await demo.load()
        finally:
            await db.close()
        demo.print_accounts(accounts)

    asyncio.run(run())
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server import logs

    if args.demo:
        _demo(args)
    logs.configure()
    print(f"GraphiQL: http://{args.host}:{args.port}/graphql")
    uvicorn.run("server.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers if args.workers > 1 else None, proxy_headers=True, log_config=None,
                ws_ping_interval=20, ws_ping_timeout=20)
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wangqian", description="网签与去向登记平台")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the server (applies migrations first on SQLite)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--demo", action="store_true", help="load demo data and print the demo accounts first")
    serve.set_defaults(func=_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)
    sub.add_parser("makemigrations", help="write a migration for model changes").set_defaults(
        func=_makemigrations)
    sub.add_parser("demo", help="load demo data (idempotent) and print the accounts").set_defaults(func=_demo)

    export = sub.add_parser("export-schema", help="print or write the GraphQL SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="file to write, or - for stdout")
    export.set_defaults(func=_export_schema)

    args = parser.parse_args(argv)
    raise SystemExit(args.func(args))

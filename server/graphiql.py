"""GraphiQL served from this server, so the IDE works on a machine that reaches no CDN.

The page is ours; React, ReactDOM and GraphiQL are the published npm packages, pinned by version and by the
registry's integrity hash (sha512 of the tarball). They are fetched once, with the machine's own npm client, on
first start (or `wangqian fetch-graphiql`), into a git-ignored folder, and only files whose tarball matches the
pinned hash are kept. No code fetched from elsewhere is committed to this repository.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ASSETS_URL = "/graphiql-assets"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # as the npm registry publishes it: "sha512-" + base64 of the tarball's digest
    files: dict[str, str]  # member of the tarball -> name served under ASSETS_URL


# GraphiQL 3 is the last major release with a single-file browser bundle; React 18 the last with UMD builds.
PACKAGES = (
    Package("react", "18.3.1",
            "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
            {"package/umd/react.production.min.js": "react.production.min.js"}),
    Package("react-dom", "18.3.1",
            "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
            {"package/umd/react-dom.production.min.js": "react-dom.production.min.js"}),
    Package("graphiql", "3.8.3",
            "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
            {"package/graphiql.min.js": "graphiql.min.js", "package/graphiql.min.css": "graphiql.min.css"}),
)


def assets_dir() -> Path:
    from server.settings import get_settings

    return Path(get_settings().assets_dir) / "graphiql"


def _stamp(pkg: Package) -> str:
    return f"{pkg.name}@{pkg.version} {pkg.integrity}"


def is_ready(folder: Path | None = None) -> bool:
    folder = folder or assets_dir()
    try:
        stamps = set((folder / "PINNED").read_text().splitlines())
    except OSError:
        return False
    return all(_stamp(p) in stamps and all((folder / f).is_file() for f in p.files.values()) for p in PACKAGES)


def _verified_tarball(pkg: Package, workdir: Path) -> bytes:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed")
    workdir = workdir.resolve()
    done = subprocess.run([npm, "pack", f"{pkg.name}@{pkg.version}", "--json", "--pack-destination", str(workdir)],
                          cwd=workdir, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"npm pack {pkg.name}@{pkg.version} failed: {done.stderr.strip()[-300:]}")
    filename = json.loads(done.stdout)[0]["filename"]
    data = (workdir / filename).read_bytes()
    actual = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != pkg.integrity:
        raise RuntimeError(f"{pkg.name}@{pkg.version}: integrity {actual} is not the pinned {pkg.integrity}")
    return data


def fetch(folder: Path | None = None) -> Path:
    """Downloads, verifies and unpacks the pinned files; a folder that already holds them is left alone."""
    folder = folder or assets_dir()
    if is_ready(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        work, staged = Path(tmp) / "npm", Path(tmp) / "graphiql"
        work.mkdir()
        staged.mkdir()
        for pkg in PACKAGES:
            with tarfile.open(fileobj=io.BytesIO(_verified_tarball(pkg, work)), mode="r:gz") as tar:
                for member, served in pkg.files.items():
                    source = tar.extractfile(member)
                    if source is None:
                        raise RuntimeError(f"{pkg.name}@{pkg.version} has no {member}")
                    (staged / served).write_bytes(source.read())
        (staged / "PINNED").write_text("\n".join(_stamp(p) for p in PACKAGES) + "\n")
        # Another worker may have finished first; either copy is the same verified files.
        if is_ready(folder):
            return folder
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staged, folder)
    log.info("GraphiQL assets ready in %s", folder)
    return folder


def fetch_quietly() -> None:
    """For the server's start: an IDE without its assets says how to get them; the API works regardless."""
    try:
        fetch()
    except Exception as e:  # offline, no npm, a mismatched hash: the page explains, the server runs on
        log.warning("GraphiQL assets unavailable (%s); run `wangqian fetch-graphiql` where npm can reach "
                    "its registry", e)


# Our own page. The Content-Security-Policy sent with it allows this origin only, so the IDE cannot reach out.
PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>wangqian GraphiQL</title>
  <link rel="stylesheet" href="{assets}/graphiql.min.css">
  <style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
  <div id="graphiql">正在加载 GraphiQL…</div>
  <script src="{assets}/react.production.min.js"></script>
  <script src="{assets}/react-dom.production.min.js"></script>
  <script src="{assets}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{
        fetcher: fetcher,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
      }}),
    );
  </script>
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>wangqian GraphiQL</title></head>
<body><p>GraphiQL 的文件尚未下载。请在能访问 npm 仓库的机器上运行 <code>wangqian fetch-graphiql</code>，
然后刷新本页。</p>
<p>GraphiQL assets are not downloaded yet: run <code>wangqian fetch-graphiql</code>, then reload.</p></body></html>
"""

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:")


def page() -> str:
    return PAGE.format(assets=ASSETS_URL) if is_ready() else MISSING

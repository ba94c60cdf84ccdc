"""Issue 7 §13: `schema/` is shape only — no module under it queries or writes the database.

The rule, checked on the source of every module under schema/:
1. Nothing is imported from `tortoise` (querysets, expressions, transactions, connections), except under
   `if TYPE_CHECKING:` for annotations. A mutation's transaction is `resolvers/transaction.atomic`.
2. A model class imported from `models` is only passed on as a value — `model = Agreement` on a node type, or
   `info.context.loaders.get(Graduate, id)` — never called nor used with an attribute (`Graduate.filter(...)`,
   `Graduate.get(...)`, `Graduate(...)`). `models.codes` (the code tables) is not a model and may be used.
3. No call of a queryset or row method (`.filter(`, `.all(`, `.first(`, `.count(`, `.save(` ... see
   QUERY_METHODS) on anything but a name imported from `resolvers` (resolver modules have functions named
   `update`, `delete`, constants with `.values()`).
Relations on types load through `info.context.loaders` (resolvers/loaders.py); lists and everything else
come from a resolver function. A failure names the file, the line and what to move into resolvers/.
"""

from __future__ import annotations

import ast
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent.parent / "schema"

QUERY_METHODS = frozenset({
    "all", "filter", "exclude", "get_or_none", "get_or_create", "update_or_create", "first", "last", "count",
    "exists", "values", "values_list", "update", "delete", "save", "create", "bulk_create", "bulk_update",
    "order_by", "limit", "offset", "annotate", "group_by", "distinct", "only", "select_for_update",
    "select_related", "prefetch_related", "fetch_related", "refresh_from_db", "raw", "in_bulk",
    "execute_query", "execute_script", "execute_insert", "in_transaction", "atomic",
})
ALLOWED_FROM_MODELS = frozenset({"codes"})


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """Import nodes inside `if TYPE_CHECKING:` blocks."""
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.body:
                inside.update(ast.walk(child))
    return inside


def violations(path: Path, root: Path = SCHEMA) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    annotations_only = _type_checking_only(tree)
    where = path.relative_to(root.parent)
    found: list[str] = []
    model_names: set[str] = set()
    resolver_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and node not in annotations_only:
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for module in modules:
                if module == "tortoise" or module.startswith("tortoise."):
                    found.append(f"{where}:{node.lineno} imports {module}: database access belongs in resolvers/")
        if isinstance(node, ast.ImportFrom) and node.module and node not in annotations_only:
            names = {a.asname or a.name for a in node.names}
            if node.module == "models" or node.module.startswith("models."):
                model_names |= names - ALLOWED_FROM_MODELS
            if node.module == "resolvers" or node.module.startswith("resolvers."):
                resolver_names |= names
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "models" or alias.name.startswith("models."):
                    model_names.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in model_names:
            found.append(f"{where}:{node.lineno} uses {node.value.id}.{node.attr}: a model is only passed to the "
                         "loaders here; query it in resolvers/")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in model_names:
                found.append(f"{where}:{node.lineno} calls {func.id}(...): rows are made in resolvers/")
            if isinstance(func, ast.Name) and func.id in ("in_transaction", "atomic"):
                found.append(f"{where}:{node.lineno} opens a transaction: use resolvers/transaction.py")
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                receiver = func.value
                if isinstance(receiver, ast.Name) and receiver.id in resolver_names:
                    continue
                found.append(f"{where}:{node.lineno} calls .{func.attr}(...): querying, scoping, filtering and "
                             "paging belong in a resolver function under resolvers/")
    return sorted(found, key=lambda v: int(v.split(":")[1].split(" ")[0]))


def test_i7_13_no_module_under_schema_queries_the_database():
    modules = sorted(SCHEMA.rglob("*.py"))
    assert len(modules) > 50  # the check reads the real package
    found = [v for path in modules for v in violations(path)]
    assert not found, "schema/ is shape only (issue 7 §13):\n" + "\n".join(found)


def test_i7_13_the_check_catches_each_kind_of_query(tmp_path):
    """The rule is not vacuous: each forbidden form in a module under schema/ is reported."""
    fake = tmp_path / "schema"
    fake.mkdir()
    bad = fake / "queries.py"
    bad.write_text(
        "from tortoise.transactions import in_transaction\n"
        "from models import Graduate, codes\n"
        "from resolvers import sections\n"
        "async def f(info, qs):\n"
        "    await Graduate.get(id=1)\n"
        "    Graduate(name='x')\n"
        "    await qs.filter(state='pending').count()\n"
        "    await sections.update(info.context)\n"  # a resolver function: allowed
        "    await info.context.loaders.get(Graduate, 1)\n"  # a loader: allowed
        "    return codes.TABLES\n",  # code tables: allowed
        encoding="utf-8")
    found = violations(bad, root=fake)
    assert [v.split(" ", 1)[0] for v in found] == [
        "schema/queries.py:1", "schema/queries.py:5", "schema/queries.py:6", "schema/queries.py:7",
        "schema/queries.py:7"], found
    assert "uses Graduate.get" in found[1] and "calls Graduate(...)" in found[2]

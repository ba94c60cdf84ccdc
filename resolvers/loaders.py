"""DataLoaders, made per request (per event over websockets): a page costs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from strawberry.dataloader import DataLoader
from tortoise.models import Model


class Loaders:
    def __init__(self) -> None:
        self._by_id: dict[type[Model], DataLoader] = {}
        self._by_field: dict[tuple[type[Model], str], DataLoader] = {}
        self._named: dict[str, DataLoader] = {}

    def by_id(self, model: type[Model]) -> DataLoader[int, Model | None]:
        """Load rows by primary key, many keys in one query."""
        if model not in self._by_id:

            async def load(keys: list[int]) -> list[Model | None]:
                rows = {row.pk: row for row in await model.filter(pk__in=set(keys))}
                return [rows.get(k) for k in keys]

            self._by_id[model] = DataLoader(load_fn=load)
        return self._by_id[model]

    def many_by(self, model: type[Model], field: str, order_by: str = "id") -> DataLoader[Hashable, list[Model]]:
        """Load the rows whose `field` equals each key (a reverse relation), in one query."""
        key = (model, field)
        if key not in self._by_field:

            async def load(keys: list[Hashable]) -> list[list[Model]]:
                grouped: dict[Hashable, list[Model]] = defaultdict(list)
                for row in await model.filter(**{f"{field}__in": set(keys)}).order_by(order_by):
                    grouped[getattr(row, field)].append(row)
                return [grouped.get(k, []) for k in keys]

            self._by_field[key] = DataLoader(load_fn=load)
        return self._by_field[key]

    def file_info(self) -> DataLoader[int, dict | None]:
        """Stored files' names, types and sizes without their bytes, for lists that only describe them."""
        if "file_info" not in self._named:
            from models import StoredFile

            async def load(keys: list[int]) -> list[dict | None]:
                rows = await StoredFile.filter(id__in=set(keys)).values("id", "filename", "content_type", "size")
                by_id = {row["id"]: row for row in rows}
                return [by_id.get(k) for k in keys]

            self._named["file_info"] = DataLoader(load_fn=load)
        return self._named["file_info"]

    def named(self, name: str, load_fn) -> DataLoader:
        """A loader of the resolvers' own, made once per request under `name`."""
        if name not in self._named:
            self._named[name] = DataLoader(load_fn=load_fn)
        return self._named[name]

    async def get(self, model: type[Model], pk: int | None) -> Model | None:
        if pk is None:
            return None
        return await self.by_id(model).load(pk)

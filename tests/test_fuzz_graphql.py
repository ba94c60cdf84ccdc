"""A bounded fuzz of every query and mutation, as a school admin (issue 6, "How it is checked").

schemathesis in GraphQL mode reads the schema by introspection from a live server and sends generated
operations: a few hundred, from a fixed seed, so a run is repeatable. No answer may be a 5xx, and none may carry
internal text or an INTERNAL_ERROR (a masked internal error is still a bug).
"""

from __future__ import annotations

import asyncio

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, strategies
from schemathesis.graphql import nodes

from models import Department, Employer, Graduate, Major, School, Staff
from schema.relay import encode_id
from tests.live_server import live_server

CASES = 300
SEED = 20260601
INTERNAL_TEXT = ("Traceback", "int32", "invalid byte sequence", "asyncpg", "tortoise", "sqlite", "OperationalError",
                 "IntegrityError", "Length of", "not currently accepting", "INTERNAL_ERROR")


def _register_scalars(ids: list[str]) -> None:
    # Ids of real rows half of the time, so operations get past "no such id" into their rules.
    schemathesis.graphql.scalar("ID", strategies.one_of(strategies.sampled_from(ids),
                                                        strategies.text(max_size=30)).map(nodes.String))
    # A file cannot travel in a JSON body: any literal for Upload must be refused cleanly, which is checked too.
    schemathesis.graphql.scalar("Upload", strategies.text(max_size=20).map(nodes.String))
    schemathesis.graphql.scalar("JSON", strategies.text(max_size=20).map(nodes.String))


def _fuzz(url: str, token: str, ids: list[str]) -> list[str]:
    _register_scalars(ids)
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.graphql.from_url(f"{url}/graphql", headers=headers, timeout=30)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    problems: list[str] = []
    sent: list[str] = []

    @hypothesis.seed(SEED)
    @hypothesis.settings(max_examples=CASES, deadline=None, database=None, phases=[Phase.generate],
                         suppress_health_check=list(HealthCheck))
    @hypothesis.given(case=strategies.one_of([op.as_strategy() for op in operations]))
    def run(case) -> None:
        response = case.call(headers=headers, timeout=30)
        sent.append(case.operation.label)
        text = response.text
        if response.status_code >= 500 or any(word in text for word in INTERNAL_TEXT):
            problems.append(f"{case.operation.label} -> {response.status_code} {text[:300]}\n{case.body}")

    run()
    # Hypothesis may stop early when it has seen everything it can generate; most of the budget must be spent.
    assert len(sent) > CASES // 2 and len(set(sent)) > 40, (len(sent), len(set(sent)))
    return problems


async def test_i6_fuzzed_operations_get_no_5xx_and_no_internal_text(world):
    ids = [encode_id(model.__name__, row.id) for model in (School, Department, Major, Graduate, Staff, Employer)
           for row in await model.all()]
    with live_server() as url:
        problems = await asyncio.to_thread(_fuzz, url, world.tokens["admin"], ids)
    assert problems == [], "\n\n".join(problems[:10])

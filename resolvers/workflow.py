"""State machines: one transition table per workflow, one function that applies a transition.

A transition is a conditional UPDATE (`WHERE id = ? AND state = ?`): of two racing changes exactly one
matches, on SQLite and PostgreSQL alike and across server processes; the other gets STALE_STATE.
Each transition writes its audit entry in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.expressions import F
from tortoise.models import Model

from resolvers import audit
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode


@dataclass(frozen=True)
class Workflow:
    name: str  # the audited subject type
    states: dict[str, str]  # state -> Chinese label
    actions: dict[str, str]  # action -> Chinese label
    transitions: dict[tuple[str, str], str]  # (state, action) -> next state
    audited: dict[str, AuditAction]  # action -> what the audit log records it as
    # Actions that raise the object's `version` in the same UPDATE (P3: what a printed copy's token names).
    versioned: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        missing = {a for (_, a) in self.transitions} - set(self.audited)
        if missing:
            raise ValueError(f"{self.name}: actions without an audit action: {sorted(missing)}")

    def next_state(self, state: str, action: str) -> str:
        try:
            return self.transitions[(state, action)]
        except KeyError:
            raise DomainError(
                ErrorCode.INVALID_STATE,
                f"当前状态为「{self.states.get(state, state)}」，不能{self.actions.get(action, action)}",
            ) from None

    def allowed_actions(self, state: str) -> list[str]:
        return [a for (s, a) in self.transitions if s == state]


async def apply(
    ctx: Context,
    workflow: Workflow,
    obj: Model,
    action: str,
    *,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    school_id: int | None = None,
    department_id: int | None = None,
) -> Model:
    """Move `obj` along `workflow` by `action`, saving `changes` with the new state."""
    current = obj.state
    new = workflow.next_state(current, action)
    values = {"state": new, **(changes or {})}
    raises_version = action in workflow.versioned
    # F(): the stored version, not the one read earlier, which an A-B-A of states may have left behind.
    bump = {"version": F("version") + 1} if raises_version else {}
    updated = await type(obj).filter(pk=obj.pk, state=current).update(**values, **bump)
    if updated != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    before = {"state": current, **{k: getattr(obj, k, None) for k in (changes or {})}}
    if raises_version:
        before["version"] = getattr(obj, "version", None)
        await obj.refresh_from_db(fields=["version"])
        values["version"] = obj.version
    for key, value in values.items():
        setattr(obj, key, value)
    await audit.record(
        ctx,
        workflow.audited[action],
        workflow.name,
        obj.pk,
        school_id=school_id if school_id is not None else getattr(obj, "school_id", None),
        department_id=department_id if department_id is not None else getattr(obj, "department_id", None),
        before=before,
        after=values,
        reason=reason,
    )
    return obj

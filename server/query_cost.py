"""Limits on an operation's shape: depth, aliases and estimated cost, measuring each fragment once.

A fragment spread twice by another, which is spread twice by a third, and so on, describes 2^n fields in a few
dozen tokens. Walking the fragment again at every spread (as strawberry's limiters do) takes that long; here
every fragment is measured once, its measure reused at each spread, so validation is linear in the document
while the measure is that of the expanded operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.language.visitor import SKIP

from resolvers.errors import ErrorCode

# A list without `first` (an agreement's reviews, a department's majors) is short; one with `first` as a
# variable is assumed to ask for the largest page a client may ask for.
PLAIN_LIST_SIZE = 10
LARGEST_PAGE = 100
# Keeps the arithmetic on machine-sized numbers whatever the document claims.
_CAP = 10**15


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


_ZERO = Measure()


def _add(a: Measure, b: Measure, times: int = 1) -> Measure:
    return Measure(
        depth=max(a.depth, b.depth),
        aliases=min(a.aliases + times * b.aliases, _CAP),
        cost=min(a.cost + times * b.cost, _CAP),
    )


def _spreads(selection_set: SelectionSetNode | None) -> list[str]:
    """Names of the fragments spread anywhere inside, without recursion (documents may nest deeply)."""
    names: list[str] = []
    stack = [selection_set] if selection_set else []
    while stack:
        for sel in stack.pop().selections:
            if isinstance(sel, FragmentSpreadNode):
                names.append(sel.name.value)
            elif sel.selection_set:
                stack.append(sel.selection_set)
    return names


def _dependency_order(fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """Fragments ordered so that each comes after those it spreads; a cycle is cut (NoFragmentCycles reports it)."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in fragments:
        if root in state:
            continue
        stack = [(root, iter(_spreads(fragments[root].selection_set)))]
        state[root] = 1
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[name] = 2
                order.append(name)
            elif child in fragments and child not in state:
                state[child] = 1
                stack.append((child, iter(_spreads(fragments[child].selection_set))))
    return order


def make_rule(*, max_depth: int, max_aliases: int, max_complexity: int) -> type[ValidationRule]:
    """One rule class per schema, made once, so strawberry's ValidationCache (keyed on the rules) hits."""

    class QueryCostRule(ValidationRule):
        def enter_document(self, document, *_args):
            schema = self.context.schema
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            memo: dict[str, Measure] = {}

            def page_size(field: FieldNode) -> int | None:
                for arg in field.arguments or ():
                    if arg.name.value != "first":
                        continue
                    if isinstance(arg.value, IntValueNode):
                        return max(int(arg.value.value), 0)
                    if isinstance(arg.value, VariableNode):
                        return LARGEST_PAGE
                    return LARGEST_PAGE
                return None

            def measure(selection_set: SelectionSetNode | None, parent, level: int) -> Measure:
                total = _ZERO
                if selection_set is None:
                    return total
                for sel in selection_set.selections:
                    if isinstance(sel, FragmentSpreadNode):
                        total = _add(total, memo.get(sel.name.value, _ZERO))
                    elif isinstance(sel, InlineFragmentNode):
                        cond = schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                        total = _add(total, measure(sel.selection_set, cond, level))
                    elif isinstance(sel, FieldNode):
                        total = _add(total, measure_field(sel, parent, level))
                return total

            def measure_field(node: FieldNode, parent, level: int) -> Measure:
                name = node.name.value
                if name.startswith("__"):  # introspection: static, and switched off in production
                    return _ZERO
                aliases = 1 if node.alias else 0
                definition = getattr(parent, "fields", {}).get(name) if parent is not None else None
                if node.selection_set is None:
                    return Measure(depth=0, aliases=aliases, cost=1)
                if level >= max_depth:  # deeper than allowed: stop descending, the depth error says enough
                    return Measure(depth=level + 1, aliases=aliases, cost=1)
                child_type = get_named_type(definition.type) if definition else None
                times = page_size(node)
                if times is None:
                    returns_list = definition is not None and is_list_type(get_nullable_type(definition.type))
                    in_connection = parent is not None and parent.name.endswith("Connection")
                    times = PLAIN_LIST_SIZE if returns_list and not in_connection else 1
                inner = measure(node.selection_set, child_type, level + 1)
                return Measure(
                    depth=inner.depth + 1,
                    aliases=min(aliases + inner.aliases, _CAP),
                    cost=min(1 + times * inner.cost, _CAP),
                )

            for name in _dependency_order(fragments):
                fragment = fragments[name]
                memo[name] = measure(fragment.selection_set, schema.get_type(fragment.type_condition.name.value), 0)

            for op in document.definitions:
                if not isinstance(op, OperationDefinitionNode):
                    continue
                m = measure(op.selection_set, schema.get_root_type(op.operation), 0)
                label = f"操作「{op.name.value}」" if op.name else "查询"
                if m.depth > max_depth:
                    self._refuse(f"{label}嵌套过深：超过 {max_depth} 层", op)
                if m.aliases > max_aliases:
                    self._refuse(f"{label}使用的别名过多：{m.aliases} 个，最多 {max_aliases} 个", op)
                if m.cost > max_complexity:
                    shown = f"{m.cost}" if m.cost < _CAP else f"超过 {_CAP}"
                    self._refuse(f"{label}过于复杂：估计代价 {shown}，上限 {max_complexity}", op)
            return SKIP

        def _refuse(self, message: str, node) -> None:
            self.report_error(GraphQLError(message, node, extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value}))

    return QueryCostRule

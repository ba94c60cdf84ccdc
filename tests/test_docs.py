"""Issue 7 §16: the project explains itself. Users of this repository have no `../shared`: the rules the code
follows live in docs/rules.md, with their ids and whether each is built, and nothing points outside."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
IDS = [f"{group}{n}" for group, numbers in (("B", range(1, 6)), ("O", range(1, 3)), ("S", range(0, 12)),
                                             ("R", range(1, 5)), ("P", range(1, 5)), ("T", range(1, 6)),
                                             ("F", range(1, 4)), ("D", range(1, 6)), ("X", range(1, 5)))
       for n in numbers]
STATUS = re.compile(r"^- \*\*([A-Z]\d+)\*\* \*(built|partly|not yet)[.(]", re.MULTILINE)


def test_i7_16_every_rule_is_written_down_once_with_its_status():
    stated = STATUS.findall(RULES)
    assert sorted(rule for rule, _ in stated) == sorted(IDS)
    assert "## Glossary" in RULES


def test_i7_16_every_rule_a_test_is_named_after_is_in_the_rules():
    named: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        for prefix in re.findall(r"^(?:async )?def test_((?:[bsoprtfdx]\d+_)+)", path.read_text(encoding="utf-8"),
                                 re.MULTILINE):
            named |= {rule.upper() for rule in prefix.strip("_").split("_")}
    assert named and named <= set(IDS), named - set(IDS)


def _project_files():
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") or p in ("node_modules", "__pycache__") or p.endswith(".egg-info") for p in parts):
            continue
        if path.is_file() and (path.suffix in (".py", ".md", ".toml", ".graphql") or parts[0] == "scripts"):
            yield path


def test_i7_16_nothing_points_outside_the_repository():
    here = Path(__file__).resolve()
    outside = [str(path.relative_to(ROOT)) for path in _project_files()
               if path != here and "../shared" in path.read_text(encoding="utf-8", errors="replace")]
    assert outside == [], f"these cite ../shared, which users of the repository do not have: {outside}"

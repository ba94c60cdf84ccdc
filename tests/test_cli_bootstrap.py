"""Onboarding a school outside demo data (`wangqian create-school`, `create-staff`): real processes, a temporary
SQLite database; the rows are read back with sqlite3."""

import re
import sqlite3
import subprocess
from pathlib import Path

from server.auth import verify_password
from tests.test_cli import WANGQIAN, _env

SCHOOL = ["create-school", "--province-code", "34", "--province-name", "安徽省", "--code", "10363",
          "--name", "安徽工程大学"]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([WANGQIAN, *args], env=_env(tmp_path), cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


def _rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "cli.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_create_school_is_idempotent_and_creates_the_province(tmp_path):
    first = _run(tmp_path, *SCHOOL, "--review-levels", "1")
    assert first.returncode == 0, first.stderr
    assert "已创建省份 34 安徽省" in first.stdout and "已创建学校 10363 安徽工程大学" in first.stdout
    second = _run(tmp_path, *SCHOOL)
    assert second.returncode == 0, second.stderr
    assert "已存在" in second.stdout and "已创建" not in second.stdout
    assert _rows(tmp_path, "SELECT code, name FROM province") == [("34", "安徽省")]
    assert _rows(tmp_path, "SELECT code, name, review_levels FROM school") == [("10363", "安徽工程大学", 1)]
    actions = [a for (a,) in _rows(tmp_path, "SELECT action FROM audit_entry ORDER BY id")]
    assert actions == ["province.created", "school.created"]


def test_create_school_refuses_bad_or_conflicting_input_with_a_clear_message(tmp_path):
    cases = [
        (["--province-code", "3"], "省份代码「3」无效"),
        (["--code", "1036x"], "学校代码「1036x」无效"),
        (["--name", "  "], "请填写学校名称"),
        (["--review-levels", "3"], "审核级数只能为 1"),
    ]
    for change, message in cases:
        args = list(SCHOOL)
        if change[0] in args:
            args[args.index(change[0]) + 1] = change[1]
        else:
            args += change
        refused = _run(tmp_path, *args)
        assert refused.returncode == 1 and message in refused.stderr, (change, refused.stderr)
    assert _run(tmp_path, *SCHOOL).returncode == 0
    renamed = _run(tmp_path, *SCHOOL[:-1], "安徽工程学院")
    assert renamed.returncode == 1 and "学校代码 10363 已存在" in renamed.stderr
    assert _rows(tmp_path, "SELECT name FROM school") == [("安徽工程大学",)]


def test_b4_create_staff_prints_a_strong_password_once_that_must_be_changed(tmp_path):
    assert _run(tmp_path, *SCHOOL).returncode == 0
    created = _run(tmp_path, "create-staff", "--role", "school_admin", "--username", "ahpu_admin", "--name", "张管理",
                   "--school", "10363")
    assert created.returncode == 0, created.stderr
    password = re.search(r"初始密码[^：]*：(\S+)", created.stdout).group(1)
    assert len(password) >= 12 and re.search(r"[A-Za-z]", password) and re.search(r"\d", password)
    [(role, must_change, active, password_hash, school)] = _rows(tmp_path, """
        SELECT staff.role, must_change_password, is_active, password_hash, school.code
        FROM staff JOIN school ON school.id = staff.school_id WHERE username = 'ahpu_admin'""")
    assert (role, must_change, active, school) == ("school_admin", 1, 1, "10363")
    assert password_hash.startswith("$argon2") and verify_password(password_hash, password)
    assert password not in "".join(str(r) for r in _rows(tmp_path, "SELECT before, after FROM audit_entry"))

    again = _run(tmp_path, "create-staff", "--role", "school_admin", "--username", "AHPU_admin", "--name", "张管理",
                 "--school", "10363")
    assert again.returncode == 1 and "登录名「AHPU_admin」已被使用" in again.stderr and "初始密码" not in again.stdout
    province = _run(tmp_path, "create-staff", "--role", "province", "--username", "ah_officer", "--name", "省厅李",
                    "--province", "34")
    assert province.returncode == 0 and "省厅工作人员" in province.stdout
    assert _rows(tmp_path, "SELECT count(*) FROM staff") == [(2,)]


def test_create_staff_refuses_a_wrong_scope_with_a_clear_message(tmp_path):
    assert _run(tmp_path, *SCHOOL).returncode == 0
    cases = [
        (["--role", "school_admin", "--username", "a_admin", "--name", "甲", "--province", "34"], "须用 --school"),
        (["--role", "province", "--username", "a_prov", "--name", "乙", "--school", "10363"], "须用 --province"),
        (["--role", "school_admin", "--username", "b_admin", "--name", "丙", "--school", "99999"],
         "学校代码 99999 不存在"),
        (["--role", "school_admin", "--username", "x", "--name", "丁", "--school", "10363"], "登录名应为"),
        (["--role", "reviewer", "--username", "d_rev", "--name", "己", "--school", "10363"], "角色「reviewer」无效"),
        (["--role", "province", "--username", "c_prov", "--name", "戊"], "须用 --province"),
    ]
    for args, message in cases:
        refused = _run(tmp_path, "create-staff", *args)
        assert refused.returncode == 1 and message in refused.stderr, (args, refused.stderr)
    assert _rows(tmp_path, "SELECT count(*) FROM staff") == [(0,)]

"""The roster template: the Chinese column names a school's file may carry, and what each one means."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("学号", True, "本校学号；同届同学历内不得重复，重复导入时据此更新记录"),
    Column("姓名", True, "毕业生姓名"),
    Column("身份证号", True, "18 位居民身份证号码；请将该列设为文本格式，以免 Excel 截断"),
    Column("学历", True, "学历代码或名称，如 31 或 本科生毕业"),
    Column("院系", True, "本校院系代码或名称"),
    Column("专业", True, "该院系下的专业代码或名称"),
    Column("性别", False, "男 / 女 或代码 1 / 2；不填时按身份证号码判断，填写须与身份证号码一致"),
    Column("培养方式", False, "非定向 / 定向 / 委培 或代码 1 / 2 / 3；不填为非定向"),
    Column("民族", False, "民族代码或名称，如 01 或 汉族"),
    Column("政治面貌", False, "政治面貌代码或名称，如 03 或 共青团员"),
    Column("手机号", False, "11 位手机号码；导入后由毕业生本人维护，再次导入不覆盖"),
    Column("生源所在地代码", False, "6 位区县行政区划代码；导入后由毕业生本人维护，再次导入不覆盖"),
    Column("生源所在地", False, "生源所在地名称，如 安徽省合肥市蜀山区；须同时填写生源所在地代码"),
    Column("班级", False, "班级名称"),
    Column("学制", False, "学制年数，如 4"),
    Column("家庭地址", False, "家庭住址；导入后由毕业生本人维护，再次导入不覆盖"),
    Column("电子邮箱", False, "电子邮箱；导入后由毕业生本人维护，再次导入不覆盖"),
)

REQUIRED = tuple(c.name for c in COLUMNS if c.required)
KNOWN = frozenset(c.name for c in COLUMNS)

# Names schools commonly use for the same columns in their own spreadsheets.
ALIASES = {"身份证号码": "身份证号", "手机号码": "手机号", "院系名称": "院系", "专业名称": "专业", "邮箱": "电子邮箱"}


def canonical(header: str) -> str:
    """A header cell as a template column name: required-marks and spaces removed, aliases resolved."""
    name = "".join(header.split()).replace("\ufeff", "").strip("*＊")
    return ALIASES.get(name, name)

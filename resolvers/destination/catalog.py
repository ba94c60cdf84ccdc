"""What each destination type asks for (D1): its national code, sub-types, own fields and proof materials.

Types and sub-types are those of the registration manuals; national two-digit codes and the known three-digit
sub-codes are the national tables'. Sub-types without a national code keep a project code (`P` + parent + letter)
and map to their two-digit parent in exports. Proof criteria are the school's published review basis, one entry
per type; where it says one of several materials is enough, one is.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import codes


@dataclass(frozen=True)
class Field:
    key: str  # the key in Destination.details, snake_case; GraphQL names it in camelCase
    label: str
    kind: str  # text | region | nature | industry | uscc | date | months | money | confirm

    @property
    def name(self) -> str:
        head, *rest = self.key.split("_")
        return head + "".join(p.capitalize() for p in rest)


@dataclass(frozen=True)
class Proofs:
    criteria: str
    # Materials the criteria ask for as separate pages (a contract's cover and its signature page): that many
    # images, or one PDF holding them all. 0: no proof needed.
    at_least: int = 1


@dataclass(frozen=True)
class Kind:
    """A registrable choice: a type, or one sub-type of it."""

    type: str  # national two-digit code
    sub_type: str | None
    label: str
    national_code: str  # the three-digit code where one exists, else the type's two-digit one
    fields: tuple[Field, ...]
    proofs: Proofs


F = Field
EMPLOYER_NAME = F("employer_name", "单位名称", "text")
NATURE = F("employer_nature", "单位性质", "nature")
INDUSTRY = F("industry", "单位行业", "industry")
WORK_REGION = F("work_region", "单位所在地（区县）", "region")
POSITION = F("position_title", "工作岗位", "text")
USCC = F("employer_uscc", "统一社会信用代码", "uscc")
CONTRACT_START = F("contract_start", "合同起始日期", "date")
CONTRACT_MONTHS = F("contract_months", "合同期限（月）", "months")
EMPLOYMENT_MONTHS = F("employment_months", "离校后聘用期限（月）", "months")
SALARY = F("monthly_salary", "月工资收入（元）", "money")
MINIMUM_WAGE = F("salary_not_below_minimum", "工资收入不低于当地最低工资标准", "confirm")
COUNTRY = F("country", "国家（地区）", "text")
SCHOOL_NAME = F("school_name", "录取院校", "text")
SCHOOL_REGION = F("school_region", "院校所在地（区县）", "region")
MAJOR_NAME = F("major_name", "录取专业", "text")
BUSINESS_NAME = F("business_name", "创业实体或网店名称", "text")
BUSINESS_REGION = F("business_region", "创业所在地（区县）", "region")
OCCUPATION = F("occupation", "从事的职业内容", "text")
ENLISTMENT_REGION = F("enlistment_region", "入伍地（区县）", "region")
# Optional everywhere they are offered: the manuals mark them black, not red.
CONTACT_NAME = F("contact_name", "单位联系人", "text")
CONTACT_PHONE = F("contact_phone", "联系电话", "text")
SHOP_URL = F("shop_url", "网店地址", "url")
OPTIONAL = (CONTACT_NAME, CONTACT_PHONE, SHOP_URL)

EMPLOYER = (EMPLOYER_NAME, NATURE, INDUSTRY, WORK_REGION, POSITION)
ABROAD_WORK = (EMPLOYER_NAME, COUNTRY, POSITION)
FURTHER_STUDY = (SCHOOL_NAME, SCHOOL_REGION, MAJOR_NAME)

AGREEMENT_PROOF = Proofs("签订的就业协议书、录用单位出具的接收函或录用文件照片")
GRASSROOTS_PROOF = Proofs("签订的就业协议书或相关制式协议书、录用单位出具的录用文件、有关部门出具的接收证明、"
                          "公示材料照片（择一上传即可）")
ADMISSION_PROOF = Proofs("录取证明照片：调档函、录取通知书、录取名单、公示、调剂系统中待录取结果等（择一即可）")
NONE = Proofs("无需上传证明材料", 0)

DIRECTED_SUPPLEMENT = "P10Z"

KINDS: tuple[Kind, ...] = (
    Kind("10", "P10A", "公招接收函", "10", EMPLOYER, AGREEMENT_PROOF),
    Kind("10", "P10B", "士官", "10", EMPLOYER, AGREEMENT_PROOF),
    Kind("10", "P10C", "医学规培", "10", EMPLOYER, AGREEMENT_PROOF),
    Kind("10", "P10D", "国际组织任职", "10", ABROAD_WORK, AGREEMENT_PROOF),
    Kind("10", "P10E", "出国出境工作", "10", ABROAD_WORK, AGREEMENT_PROOF),
    # D5: the only choice of a directed or commissioned graduate, who returns to the unit that sent them.
    Kind("10", DIRECTED_SUPPLEMENT, "定向/委培毕业去向补充登记", "10", (EMPLOYER_NAME, NATURE, WORK_REGION),
         Proofs("定向或委培协议、定向（委培）单位出具的接收证明照片（择一即可）")),
    Kind("11", None, "签劳动合同形式就业", "11",
         (*EMPLOYER, USCC, CONTRACT_START, CONTRACT_MONTHS, SALARY, MINIMUM_WAGE),
         Proofs("本人劳动合同照片，至少含合同封面和合同最后盖章签字页（两张图片，或一份含两页的 PDF）；"
                "合同期限不少于 6 个月，工资不低于当地最低工资标准", 2)),
    Kind("12", None, "其他录用形式就业", "12", (*EMPLOYER, EMPLOYMENT_MONTHS, SALARY, MINIMUM_WAGE),
         Proofs("在职证明或聘用证明（含离校后聘用期限不低于 6 个月等内容），以及《高校毕业生就业状况（其他录用证明）"
                "登记表》（含不低于当地最低工资标准的工资收入）：两张图片，或一份含两者的 PDF", 2)),
    Kind("27", "271", "科研助理、管理助理", "271", (EMPLOYER_NAME, WORK_REGION, POSITION),
         Proofs("就业协议、劳动合同或其他证明材料照片（择一即可）")),
    Kind("46", None, "应征义务兵", "46", (ENLISTMENT_REGION,), Proofs("预定兵通知书或入伍通知书照片（择一即可）")),
    Kind("50", "502", "三支一扶", "502", (EMPLOYER_NAME, WORK_REGION), GRASSROOTS_PROOF),
    Kind("50", "503", "西部计划", "503", (EMPLOYER_NAME, WORK_REGION), GRASSROOTS_PROOF),
    Kind("51", "512", "选调生", "512", (EMPLOYER_NAME, WORK_REGION), GRASSROOTS_PROOF),
    Kind("51", "519", "其他地方基层项目", "519", (EMPLOYER_NAME, WORK_REGION), GRASSROOTS_PROOF),
    Kind("75", None, "自主创业", "75", (BUSINESS_NAME, BUSINESS_REGION),
         Proofs("工商执照、股权证明、孵化机构协议等材料；电子商务创业上传网店地址、网店信息截图和交易流水等"
                "反映网店正常经营状态的材料（择一即可）")),
    Kind("76", None, "自由职业", "76", (OCCUPATION, WORK_REGION, SALARY, MINIMUM_WAGE),
         Proofs("本人签字确认的《高校毕业生“自由职业”登记表》，说明从事的职业内容、收入情况，"
                "收入达到当地最低工资标准")),
    Kind("80", "801", "境内升学（研究生）", "801", FURTHER_STUDY, ADMISSION_PROOF),
    Kind("80", "802", "第二学士学位", "802", FURTHER_STUDY, ADMISSION_PROOF),
    Kind("80", "P80A", "专升本", "80", FURTHER_STUDY, ADMISSION_PROOF),
    Kind("85", None, "出国、出境深造", "85", (COUNTRY, SCHOOL_NAME, MAJOR_NAME), Proofs("境外院校录取证明照片")),
    Kind("70", "P70A", "求职中", "70", (), NONE),
    Kind("70", "P70B", "签约中", "70", (), NONE),
    Kind("70", "P70C", "拟参加公招考试", "70", (), NONE),
    Kind("70", "P70D", "拟创业", "70", (), NONE),
    Kind("70", "P70E", "拟应征入伍", "70", (), NONE),
    Kind("70", "P70F", "就业见习", "70", (), NONE),
    Kind("71", None, "不就业拟升学", "71", (), NONE),
    Kind("72", None, "其他暂不就业", "72", (), NONE),
    Kind("72", "P72A", "拟出国出境", "72", (), NONE),
)

BY_CHOICE: dict[tuple[str, str | None], Kind] = {(k.type, k.sub_type): k for k in KINDS}
SUB_TYPES: dict[str, Kind] = {k.sub_type: k for k in KINDS if k.sub_type}
TYPES_WITH_SUB_TYPES = frozenset(k.type for k in KINDS if k.sub_type and (k.type, None) not in BY_CHOICE)
FIELDS: dict[str, Field] = {f.key: f for k in KINDS for f in k.fields} | {f.key: f for f in OPTIONAL}
FIELD_NAMES: dict[str, Field] = {f.name: f for f in FIELDS.values()}


def type_label(type_code: str) -> str:
    return codes.DESTINATION_TYPE.get(type_code, type_code)


def kind_of(type_code: str, sub_type: str | None) -> Kind | None:
    """The kind a stored record names (the catalog covers every stored choice)."""
    return BY_CHOICE.get((type_code, sub_type))


def national_code(type_code: str, sub_type: str | None) -> str:
    """The code reported nationally: the three-digit sub-code where one exists, else the two-digit type (a project
    sub-code `P…` reports as its parent)."""
    kind = kind_of(type_code, sub_type)
    return kind.national_code if kind else type_code


def sub_type_label(sub_type: str | None) -> str | None:
    kind = SUB_TYPES.get(sub_type or "")
    return kind.label if kind else None

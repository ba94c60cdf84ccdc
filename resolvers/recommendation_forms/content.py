"""What the recommendation form holds: the school-held part copied from the graduate's record, the free parts
prefilled from the resume, and the labels each field goes by on the form, in returns and in notices."""

from __future__ import annotations

from typing import Any

from models import Department, Graduate, Major, RecommendationForm, ResumeSection, School, codes
from resolvers.resume.sections import sections_of
from server import crypto

# The graduate's parts: the contact they give and the text they write. The rest is the school's.
FREE = {"intention": "求职意向", "education": "教育经历", "experience": "实习与工作经历", "awards": "获奖情况",
        "skills": "技能与证书", "self_evaluation": "自我评价"}
CONTACT = {"phone": "联系电话", "email": "电子邮箱"}
EDITABLE = {**CONTACT, **FREE}
FREE_MAX = 2000
# The resume's kinds each free part starts from (resolvers/resume/sections.py KINDS); the resume has no
# self-evaluation of its own, so its "other" sections seed it.
FROM_RESUME = {"intention": ("intention",), "education": ("education",), "experience": ("experience", "project"),
               "awards": ("award",), "skills": ("skill",), "self_evaluation": ("other",)}
# The school-held fields, in the order the form prints them (the birth date is kept apart, encrypted: see
# models/recommendation_forms.py).
RECORD = {"name": "姓名", "gender": "性别", "birthDate": "出生日期", "politicalStatus": "政治面貌",
          "ethnicity": "民族", "studentNumber": "学号", "school": "学校", "department": "院系", "major": "专业",
          "educationLevel": "学历", "graduationYear": "毕业年份"}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


# The names a return may ask to fix, as GraphQL names them.
FIXABLE = {camel(n): label for n, label in EDITABLE.items()}


def birth_date(graduate: Graduate) -> str:
    """From the ID number (its 7th to 14th digits), as the record keeps no birth date of its own."""
    idn = crypto.decrypt(graduate.id_number_enc) or ""
    digits = idn[6:14]
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" if len(digits) == 8 and digits.isdigit() else ""


def mask_birth_date(value: str | None) -> str:
    """The year only: month and day are the ID number's digits a masked ID number hides."""
    return f"{value[:4]}-**-**" if value else ""


def birth_date_changes(form: RecommendationForm, graduate: Graduate) -> dict[str, str | None]:
    """The encrypted birth date to store, only when it differs from the form's: a fresh ciphertext of the same
    date would show in the audit log as a change that is none (the log shows a change as "***", never the date)."""
    now = birth_date(graduate)
    return {} if now == (crypto.decrypt(form.birth_date_enc) or "") else {"birth_date_enc": crypto.encrypt(now)}


async def record_of(graduate: Graduate) -> dict[str, Any]:
    """The school-held part as of now, in words (code values named), ready to print; without the birth date,
    which the form keeps encrypted (`birth_date`)."""
    school = await School.get(id=graduate.school_id)
    department = await Department.get(id=graduate.department_id)
    major = await Major.get(id=graduate.major_id)
    return {
        "name": graduate.name,
        "gender": codes.GENDER.get(graduate.gender, graduate.gender),
        "politicalStatus": codes.POLITICAL_STATUS.get(graduate.political_status or "", ""),
        "ethnicity": codes.ETHNICITY.get(graduate.ethnicity or "", ""),
        "studentNumber": graduate.student_number,
        "school": school.name,
        "department": department.name,
        "major": major.name,
        "educationLevel": codes.EDUCATION_LEVEL.get(graduate.education_level, graduate.education_level),
        "graduationYear": graduate.graduation_year,
    }


def _section_text(section: ResumeSection) -> str:
    title, content = section.title.strip(), section.content.strip()
    return f"{title}：{content}" if title and content else title or content


async def from_resume(graduate_id: int) -> dict[str, str]:
    """The free parts as the resume has them, each cut to what the form holds."""
    sections = await sections_of(graduate_id)
    values = {}
    for name, kinds in FROM_RESUME.items():
        text = "\n".join(_section_text(s) for s in sections if s.kind in kinds)
        values[name] = text[:FREE_MAX]
    return values

"""What a reviewer may return an offline or paper agreement for: the content the graduate filled in (named as in
the input, so the app can mark the field) and the stamped image."""

from __future__ import annotations

STAMPED = "stampedAgreement"

EMPLOYER_FIELDS = ("employerName", "employerUscc", "employerNature", "employerIndustry", "employerLocation",
                   "employerAddress", "employerPostcode", "employerContactName", "employerContactPhone",
                   "employerContactEmail", "employerHiringAutonomy", "supervisingAuthority")
ARTICLE_FIELDS = ("positionTitle", "jobCategory", "workLocationCode", "workLocationName", "monthlySalary",
                  "probationMonths", "contractYears", "reportDate", "breachTerms", "otherTerms")
CONTENT = frozenset(EMPLOYER_FIELDS + ARTICLE_FIELDS)
NAMES = CONTENT | {STAMPED}

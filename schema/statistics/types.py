from __future__ import annotations

from enum import Enum

import strawberry

from models import codes
from resolvers.statistics import figures
from schema.common import CodeValue, code_value
from schema.relay import encode_id

StatisticsGrouping = strawberry.enum(
    Enum("StatisticsGrouping", {g.upper(): g for g in figures.GROUPINGS}),
    name="StatisticsGrouping", description="统计的分组：学校、院系、专业、学历")


@strawberry.type(description="网签占比（X4）= 网签且有效的协议数 ÷ 毕业去向为签就业协议形式就业"
                             "（10，含网签、线下与纸质）的人数；分子分母一并给出")
class OnlineSigningShare:
    signed_online: int = strawberry.field(
        description="分子：网上签约且有效（待审核、退回修改或审核通过，未解约、未作废）的协议数")
    agreement_employment: int = strawberry.field(description="分母：毕业去向为签就业协议形式就业（10）的毕业生数")

    @strawberry.field(description="占比，0 至 1，保留 4 位小数；分母为 0 时为 null")
    def ratio(self) -> float | None:
        return figures.ratio(self.signed_online, self.agreement_employment)


@strawberry.type(description="去向落实率 = 已落实去向的毕业生数 ÷ 毕业生总数；待就业（70）、不就业拟升学（71）、"
                             "其他暂不就业（72）、留级休学续读（65）及其子类为未落实，其余去向均为已落实")
class PlacementRate:
    placed: int = strawberry.field(description="分子：已落实去向的毕业生数")
    graduates: int = strawberry.field(description="分母：毕业生总数")

    @strawberry.field(description="落实率，0 至 1，保留 4 位小数；没有毕业生时为 null")
    def ratio(self) -> float | None:
        return figures.ratio(self.placed, self.graduates)


@strawberry.type(description="某一状态的协议数")
class AgreementStateCount:
    state: str = strawberry.field(
        description="awaiting_review、returned、approved、rejected、terminated、voided（解锁作废）")
    label: str
    count: int


@strawberry.type(description="某一毕业去向的人数")
class DestinationCount:
    destination: CodeValue
    count: int


@strawberry.type(description="一组的统计数字")
class StatisticsFigures:
    graduates: int = strawberry.field(description="毕业生数")
    online_signing: OnlineSigningShare
    placement: PlacementRate
    agreements_by_state: list[AgreementStateCount] = strawberry.field(description="协议数（按状态），每种状态一项")
    destinations: list[DestinationCount] = strawberry.field(description="毕业去向（按国家代码），只列有人的去向")

    @classmethod
    def of(cls, f: figures.Figures) -> StatisticsFigures:
        return cls(
            graduates=f.graduates,
            online_signing=OnlineSigningShare(signed_online=f.signed_online,
                                              agreement_employment=f.agreement_employment),
            placement=PlacementRate(placed=f.placed, graduates=f.graduates),
            agreements_by_state=[AgreementStateCount(state=s, label=label, count=f.agreements.get(s, 0))
                                 for s, label in figures.AGREEMENT_STATES.items()],
            destinations=[DestinationCount(destination=code_value(codes.DESTINATION_TYPE, code), count=n)
                          for code, n in sorted(f.destinations.items()) if n],
        )


@strawberry.type(description="统计的一组：学校、院系、专业或学历")
class StatisticsGroup:
    id: strawberry.ID | None = strawberry.field(description="学校、院系或专业的全局编号；按学历分组时为 null")
    code: str = strawberry.field(description="学校代码、院系代码、专业代码或学历代码")
    name: str
    school_name: str | None = strawberry.field(description="所属学校；按学历分组时为 null")
    figures: StatisticsFigures


@strawberry.type(description="统计（X4）：查看者范围内（院系老师本院系、学校管理员本校、省厅本省各校）某届毕业生的数字")
class Statistics:
    graduation_year: int
    group_by: StatisticsGrouping
    total: StatisticsFigures = strawberry.field(description="范围内合计")
    groups: list[StatisticsGroup] = strawberry.field(description="各组，按学校、代码排序；没有该届毕业生的组不列出")

    @classmethod
    def of(cls, s: figures.Statistics) -> Statistics:
        return cls(
            graduation_year=s.graduation_year, group_by=StatisticsGrouping(s.grouping),
            total=StatisticsFigures.of(s.total),
            groups=[StatisticsGroup(id=strawberry.ID(encode_id(g.node_type, int(g.key))) if g.node_type else None,
                                    code=g.code, name=g.name, school_name=g.school_name,
                                    figures=StatisticsFigures.of(g.figures)) for g in s.groups],
        )

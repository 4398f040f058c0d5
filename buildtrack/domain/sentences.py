"""Reading the sentences of a work report (工作汇报, 调度材料) into a project's figures.

Offices describe a project in prose: "总投资1.2亿元，其中专项债券8500万元、财政配套3500万元", "总建筑面积3.2万平方米，
设置床位500张，地上12层", "主体已封顶，二次结构完成100%，安装完成35%". ``understand`` splits such text into clauses and
reads each one it recognises — total investment, a source's amount, floor area, beds, floors, work packages, an
overall percent, a stage — and keeps every clause it could not read, so the person sees what was left. Nothing is
guessed silently: a source the catalogue lacks is named, and parts that do not add up to the total are reported.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.lookup import match_source
from buildtrack.domain.model import Settings
from buildtrack.domain.money import MoneyUnit, format_money_with_unit, parse_money
from buildtrack.domain.percent import canonical
from buildtrack.domain.stages import stage_reached
from buildtrack.domain.words import simplified
from buildtrack.i18n import _

_CLAUSES = re.compile(r"[，,。；;、\n]+|其中|包括|含")
_LEAD = re.compile(r"^(?:其中|包括|含|另|以及|及|和|并)\s*")
_AMOUNT = r"(?P<amount>\d+(?:\.\d+)?\s*(?:亿元|亿|万元|万|元))"
_ABOUT = r"(?:约|为|共|达|计|合计|是)?\s*"
_TOTAL = re.compile(r"(?:项目)?(?:计划|概算)?总投资" + _ABOUT + _AMOUNT)
_AREA = re.compile(r"(?:总)?建筑面积" + _ABOUT + r"(?P<number>\d+(?:\.\d+)?)\s*(?P<wan>万)?\s*(?:平方米|平米|m2|平方)")
_BEDS = re.compile(r"床位(?:数)?" + _ABOUT + r"(?P<n>\d+)\s*张|(?P<m>\d+)\s*张床位?|(?P<k>\d+)\s*床(?!位)")
_FLOORS = re.compile(r"(?P<under>地下)?(?:地上)?(?P<n>\d+|[一二两三四五六七八九十]+)\s*层(?!高)")
_MOVED = re.compile(r"(?P<what>已到位|到位资金|资金到位|到位|累计支付|已支付|已拨付|支付)" + _ABOUT + _AMOUNT)
_SOURCE = re.compile(r"^(?P<name>\D+?)" + _ABOUT + _AMOUNT + "$")
_PERCENT = re.compile(r"^(?P<name>\D*?)(?:已)?(?:完成|完工|达到|达)?(?:了)?\s*(?P<percent>\d+(?:\.\d+)?)\s*%$")
_PLANNED = re.compile(
    r"(?:计划|预计|力争|确保|拟)(?:于|在)?(?P<when>.+?)(?P<what>开工|竣工|完工|建成|交付使用|投入使用)"
)
_INTENT = re.compile(r"计划|预计|力争|确保|拟|将|争取")
_OVERALL = ("总体", "整体", "项目", "工程", "累计", "完成比例", "总", "")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Understood:
    """What a piece of report text says, in the model's units (fen, m², percent), and what it left."""

    total_investment: int | None = None
    received: int | None = None  # money received (到位) in all, as the report states it
    paid: int | None = None
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    funding: tuple[tuple[str, int], ...] = ()  # (source key, planned fen)
    unknown_sources: tuple[tuple[str, int], ...] = ()  # (name as written, fen): not in the catalogue
    floor_area_m2: Decimal | None = None
    beds: int | None = None
    floors: int | None = None
    stage: str = ""  # the clause naming a stage, kept as the reported 形象进度
    packages: tuple[tuple[str, Decimal], ...] = ()
    percent: Decimal | None = None
    left: tuple[str, ...] = ()

    def found_anything(self) -> bool:
        return any(
            (
                self.total_investment is not None,
                self.received is not None,
                self.paid is not None,
                self.funding,
                self.unknown_sources,
                self.floor_area_m2 is not None,
            )
        ) or any((self.beds, self.floors, self.stage, self.packages, self.percent is not None, self.planned_finish))

    def disagreements(self, unit: MoneyUnit) -> list[str]:
        """Sums that do not agree, said plainly in ``unit`` (the parts are shown, never scaled to fit)."""
        parts = sum(amount for _source, amount in (*self.funding, *self.unknown_sources))
        if self.total_investment is None or not parts or parts == self.total_investment:
            return []
        return [
            _("the sources add up to {parts}, but the total investment is {total}").format(
                parts=format_money_with_unit(parts, unit), total=format_money_with_unit(self.total_investment, unit)
            )
        ]


@dataclass
class _Reading:
    """What has been read so far, clause by clause."""

    values: dict[str, object] = field(default_factory=dict)  # total_investment, floor_area_m2, beds, floors, percent
    funding: list[tuple[str, int]] = field(default_factory=list)
    unknown_sources: list[tuple[str, int]] = field(default_factory=list)
    packages: list[tuple[str, Decimal]] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def understand(text: str, settings: Settings, today: dt.date) -> Understood:
    """Read every clause of ``text``; the first reading that fits a clause wins, the rest is left. Date phrases
    (年底前, 6月底) are resolved from ``today``, as the report's own date."""
    reading = _Reading()
    for clause in _clauses(text):
        if not (_planned(clause, today, reading) or _read_clause(clause, settings, reading)):
            reading.left.append(clause)
    return Understood(
        funding=tuple(reading.funding),
        unknown_sources=tuple(reading.unknown_sources),
        stage="，".join(reading.stages),
        packages=tuple(reading.packages),
        left=tuple(reading.left),
        **reading.values,  # type: ignore[arg-type]
    )


def _clauses(text: str) -> list[str]:
    cleaned = simplified(unicodedata.normalize("NFKC", text)).replace("％", "%")
    return [clause for part in _CLAUSES.split(cleaned) if (clause := _LEAD.sub("", part.strip()).strip())]


def _planned(clause: str, today: dt.date, reading: _Reading) -> bool:
    """计划年底前竣工 → the planned finish; 计划2025年3月开工 → the planned start (a date it cannot resolve is left)."""
    planned = _PLANNED.search(clause)
    if not planned:
        return False
    try:
        day = parse_date(planned["when"].strip().removesuffix("前"), today)
    except InvalidInput:
        return False
    reading.values["planned_start" if planned["what"] == "开工" else "planned_finish"] = day
    return True


def _read_clause(clause: str, settings: Settings, reading: _Reading) -> bool:
    """Put what one clause says into ``reading``; False when it says none of the things read here."""
    found = reading.values
    read = False
    if total := _TOTAL.search(clause):
        found["total_investment"] = parse_money(total["amount"])
        return True
    if moved := _MOVED.search(clause):
        found["received" if "到位" in moved["what"] else "paid"] = parse_money(moved["amount"])
        return True
    if area := _AREA.search(clause):
        found["floor_area_m2"] = canonical(Decimal(area["number"]) * (10_000 if area["wan"] else 1))
        read = True
    if beds := _BEDS.search(clause):
        found["beds"] = int(beds["n"] or beds["m"] or beds["k"])
        read = True
    above = [m for m in _FLOORS.finditer(clause) if not m["under"]]
    if above and not _PERCENT.match(clause):
        found["floors"] = max(_number(m["n"]) for m in above)
        read = True
    if read:
        return True
    if source := _SOURCE.match(clause):
        key = match_source(settings, source["name"].strip())
        entry = (key or source["name"].strip(), parse_money(source["amount"]))
        (reading.funding if key else reading.unknown_sources).append(entry)
        return True
    if percent := _PERCENT.match(clause):
        name = re.sub(r"(?:已|完成|完工)+$", "", percent["name"].strip())
        value = canonical(Decimal(percent["percent"]))
        if value > 100:
            return False
        if name in _OVERALL or "进度" in name:
            found["percent"] = value
        else:
            reading.packages.append((name, value))
        return True
    if stage_reached(clause)[0] is not None and not _INTENT.search(clause):  # 计划年内竣工 reports no stage
        reading.stages.append(clause)
        return True
    return False


def _number(written: str) -> int:
    """12 or 十二 (up to 九十九), as floors are written."""
    if written.isdecimal():
        return int(written)
    tens, _, ones = written.rpartition("十")
    if "十" not in written:
        return _DIGITS[written]
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)

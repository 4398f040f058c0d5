"""Recognising ledger column headers in English or Chinese, and the money unit a header announces.

"总投资（万元）" means the total investment column, in 万元; "Total investment (yuan)" the same in yuan.
A user's own headers are mapped with ``--map "项目负责人=leader"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.lookup import match_source
from buildtrack.domain.model import FundingSource, Settings, SourceCategory
from buildtrack.domain.words import simplified
from buildtrack.i18n import _

# Field → the headers that mean it (compared after normalising: lower case, no spaces or punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "no.", "no", "#", "row"),  # the office's row numbers: recognised, not stored
    "code": ("code", "project code", "项目编号", "编号", "项目代码", "项目编码", "序号编码"),
    "name": ("name", "project name", "project", "英文名称"),
    "name_zh": ("name zh", "chinese name", "项目名称", "名称", "中文名称"),
    "facility": ("facility", "建设单位名称", "机构", "医疗机构", "单位名称"),
    "facility_type": ("facility type", "机构类型", "单位类型"),
    "kind": ("kind", "nature of works", "建设性质", "性质"),
    "location": ("location", "建设地点", "地点", "所在地", "乡镇"),
    "leader": ("leader", "responsible leader", "责任领导", "负责领导", "分管领导", "责任人"),
    "implementing_unit": ("implementing unit", "建设单位", "实施单位", "项目单位", "业主单位"),
    "total_investment": ("total investment", "budget", "总投资", "概算总投资", "计划总投资", "投资额"),
    "received": ("received", "funds received", "到位资金", "已到位资金", "资金到位", "到位"),
    "paid": ("paid", "paid out", "已支付", "已支付资金", "支付资金", "累计支付"),
    "planned_start": ("planned start", "计划开工", "计划开工时间", "计划开工日期"),
    "planned_finish": ("planned finish", "计划竣工", "计划竣工时间", "计划完工", "计划竣工日期"),
    "actual_start": ("actual start", "实际开工", "实际开工时间", "实际开工日期"),
    "actual_finish": ("actual finish", "实际竣工", "实际竣工时间", "实际竣工日期"),
    # a bare 开工时间 / 竣工时间 is actual when it has passed and planned when it has not (see planning)
    "start_date": ("start date", "开工时间", "开工日期"),
    "finish_date": ("finish date", "竣工时间", "竣工日期", "完工时间"),
    "floor_area_m2": ("floor area", "floor area m2", "建筑面积", "总建筑面积"),
    "beds": ("beds", "床位", "床位数", "规划床位"),
    "floors": ("floors", "层数", "楼层数", "建筑层数"),
    "county": ("county", "县（市、区）", "县市区", "县区", "所属县区", "区县"),
    "scope": ("scope", "scope and scale", "建设内容及规模", "建设内容和规模", "建设内容", "建设规模", "主要建设内容"),
    "current_problems": ("current problems", "存在问题", "存在的问题", "主要问题", "问题及困难", "存在困难及问题"),
    "reported_stage_on": ("stage reported on", "形象进度日期"),
    "notes": ("notes", "note", "备注", "说明"),
    "stage": ("current stage", "stage", "形象进度", "当前阶段", "阶段", "进展情况", "工程进度"),
    "percent": ("percent complete", "percent", "完成比例", "完成率", "完成百分比", "工程完成比例"),
    # milestone, funding and progress sheets
    "milestone": ("milestone", "里程碑", "节点", "节点名称"),
    "due": ("due", "due date", "计划完成时间", "计划时间", "节点时间", "完成时限"),
    "baseline_due": ("baseline due", "baseline", "原计划时间", "基准时间"),
    "done_on": ("done", "done on", "done date", "实际完成时间", "完成时间"),
    "source": ("source", "funding source", "资金来源"),
    "planned": ("planned", "planned amount", "计划金额", "计划资金"),
    "date": ("date", "日期", "填报日期"),
    # instrument sheets (资金拨付, 问题清单, 前期手续, 年度计划, 投资完成, 分项工程)
    "money_kind": ("received or paid", "类型", "资金类型", "拨付类型"),
    "amount": ("amount", "金额", "拨付金额"),
    "doc_no": ("document number", "文号", "批复文号", "拨付文号"),
    "reason": ("reason", "理由", "调整理由"),
    "description": ("problem", "问题描述", "问题"),
    "owner_unit": ("unit responsible", "责任单位"),
    "owner_person": ("person responsible", "问题责任人"),
    "raised_on": ("raised on", "提出日期", "提出时间"),
    "deadline": ("deadline", "整改时限", "办结时限"),
    "meeting_on": ("meeting", "dispatch meeting", "调度会日期", "调度会"),
    "closed_on": ("closed on", "销号日期", "销号时间"),
    "resolution": ("resolution", "解决情况", "销号情况", "整改情况"),
    "approval": ("approval", "手续名称", "前期手续"),
    "issued_on": ("issued on", "批复日期", "发证日期"),
    "valid_until": ("valid until", "有效期至", "有效期"),
    "not_needed": ("not needed", "无需办理"),
    "year": ("year", "年度"),
    "annual_plan": ("annual plan", "年度计划投资", "年度计划"),
    "month": ("month", "月份"),
    "work_done": ("work done", "完成投资额", "投资完成额", "月完成投资"),
    "package": ("work package", "分项工程", "分部分项"),
    "weight": ("weight", "权重"),
    # the source catalogue sheet (资金来源目录)
    "source_key": ("key", "source key", "来源代码", "代码"),
    "category": ("category", "类别", "资金类别"),
}
_UNIT = re.compile(
    r"[(（\[]\s*(元|万元|亿元|yuan|10k yuan|wan|万|亿|yi|%|㎡|m2|m²|平方米)\s*[)）\]]\s*$", re.IGNORECASE
)
_UNIT_FACTOR = {
    "元": 1,
    "yuan": 1,
    "万元": 10_000,
    "万": 10_000,
    "10k yuan": 10_000,
    "wan": 10_000,
    "亿元": 100_000_000,
    "亿": 100_000_000,
    "yi": 100_000_000,
}
_PAIR = re.compile(r"(source|资金来源|amount|金额|received|到位|paid|已支付)\s*(\d{1,2})")


def normalise(header: str) -> str:
    text = simplified(unicodedata.normalize("NFKC", str(header))).strip().lower()
    return re.sub(r"[\s_\-:：/·.]+", " ", text).strip()


@dataclass(frozen=True)
class ColumnMeaning:
    """What a column holds: a field, the planned amount of a source, or one half of a source/amount pair."""

    field: str
    yuan_per_unit: int = 1
    source: str = ""
    pair: int = 0


def split_unit(header: str) -> tuple[str, int | None]:
    """The header without its "(万元)" part, and the yuan in one unit of it (None when no money unit)."""
    text = simplified(unicodedata.normalize("NFKC", str(header))).strip()
    match = _UNIT.search(text)
    if not match:
        return text, None
    return text[: match.start()].strip(), _UNIT_FACTOR.get(match[1].lower())


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["项目负责人=leader", "某某资金（万元）=source:paired-assistance", …]`` → {normalised header: field};
    unknown fields are refused (a source key is checked against the catalogue when the sheet is read)."""
    mapping = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise InvalidInput(_("--map {item!r} must look like 'Header text=field'").format(item=item))
        if field.strip() not in SYNONYMS and not (field.strip().startswith("source:") and field.strip()[7:]):
            choices = ", ".join([*SYNONYMS, "source:KEY"])
            raise InvalidInput(
                _("--map {item!r}: {field!r} is not one of: {choices}").format(
                    item=item, field=field.strip(), choices=choices
                )
            )
        mapping[normalise(split_unit(header)[0])] = field.strip()
    return mapping


_MONEY_WORDS = ("资金", "补助", "补贴", "投资", "贷款", "债券", "国债", "援建", "帮扶", "捐赠", "捐款", "自筹", "拨款")
_CATEGORY_WORDS = (
    (("债券", "专项债"), SourceCategory.BOND),
    (("国债", "中央", "特别国债"), SourceCategory.CENTRAL),
    (("援建", "帮扶", "对口"), SourceCategory.ASSISTANCE),
    (("捐赠", "捐款", "慈善"), SourceCategory.DONATION),
    (("自筹",), SourceCategory.SELF_RAISED),
    (("贷款", "社会资本", "企业"), SourceCategory.PRIVATE),
    (("财政", "省级", "市级", "县级", "补助", "配套"), SourceCategory.FISCAL),
)


def propose_source(header: str) -> FundingSource | None:
    """A column of money from a source the catalogue does not know (某某帮扶资金（万元）): the source to add, named
    exactly as written, its category guessed from the words (帮扶 → assistance, 国债 → central); None otherwise."""
    bare = split_unit(header)[0]
    words = simplified(bare)
    if not bare or not words.endswith(_MONEY_WORDS):
        return None
    category = next((cat for keys, cat in _CATEGORY_WORDS if any(key in words for key in keys)), SourceCategory.OTHER)
    return FundingSource(key=bare, name="", name_zh=bare, category=category)


def recognise(header: str, settings: Settings, mapping: dict[str, str]) -> ColumnMeaning | None:
    """The meaning of one header, or None when it is not recognised (such columns are reported and skipped)."""
    bare, factor = split_unit(header)
    key = normalise(bare)
    if not key:
        return None
    field = mapping.get(key) or next((f for f, names in SYNONYMS.items() if key in map(normalise, names)), None)
    if field and field.startswith("source:"):
        source = settings.source(field[7:])
        if source is None:
            raise InvalidInput(
                _("--map: {field!r} is not a source in the catalogue (see 'source list')").format(field=field[7:])
            )
        return ColumnMeaning("source_planned", factor or 1, source=source.key)
    if field:
        return ColumnMeaning(field, factor or 1)
    if pair := _PAIR.fullmatch(key.replace(" ", "")) or _PAIR.fullmatch(key):
        role = {"资金来源": "source", "金额": "amount", "到位": "received", "已支付": "paid"}.get(pair[1], pair[1])
        return ColumnMeaning(f"pair_{role}", factor or 1, pair=int(pair[2]))
    if source_key := match_source(settings, bare):
        return ColumnMeaning("source_planned", factor or 1, source=source_key)
    return None

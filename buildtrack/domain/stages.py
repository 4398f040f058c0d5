"""The standard stages of a Chinese public health construction project and the milestone chain built from them.

Each stage carries the share of physical works (percent) that is normally complete when it is reached;
the schedule uses these as weights for the planned-progress curve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from buildtrack import i18n
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import Milestone, Project, replace
from buildtrack.i18n import _


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    name_zh: str
    percent_at_completion: Decimal


STANDARD_STAGES = (
    Stage("proposal", "Proposal & feasibility", "项目建议书/可研", Decimal(0)),
    Stage("approval", "Project approval", "立项", Decimal(0)),
    Stage("land", "Land", "用地/征地", Decimal(0)),
    Stage("design", "Design", "设计", Decimal(0)),
    Stage("tendering", "Tendering", "招投标", Decimal(0)),
    Stage("site-preparation", "Site preparation", "三通一平", Decimal(2)),
    Stage("groundbreaking", "Groundbreaking", "开工", Decimal(5)),
    Stage("foundation", "Foundation", "基础", Decimal(15)),
    Stage("main-structure", "Main structure / topping out", "主体/封顶", Decimal(45)),
    Stage("secondary-structure", "Secondary structure", "二次结构", Decimal(55)),
    Stage("installation", "MEP installation", "安装", Decimal(75)),
    Stage("fit-out", "Fit-out", "装修", Decimal(90)),
    Stage("acceptance", "Completion acceptance", "竣工验收", Decimal(100)),
    Stage("in-use", "In use", "投入使用", Decimal(100)),
)
_BY_KEY = {stage.key: stage for stage in STANDARD_STAGES}


def stage(key: str) -> Stage:
    """The standard stage with this key, or ``InvalidInput`` listing the keys."""
    try:
        return _BY_KEY[key.strip().lower()]
    except KeyError:
        allowed = ", ".join(_BY_KEY)
        raise InvalidInput(_("stage {key!r} is not one of: {allowed}").format(key=key, allowed=allowed)) from None


def stage_order(key: str | None) -> int:
    """Position of a stage in the chain; milestones without a stage sort after their dated peers."""
    return list(_BY_KEY).index(key) if key in _BY_KEY else len(_BY_KEY)


def standard_chain(start: dt.date, finish: dt.date, new_id: Callable[[], str]) -> list[Milestone]:
    """The standard milestones with due dates spread evenly from ``start`` to ``finish``, each with a new id."""
    if finish <= start:
        raise InvalidInput(_("the planned finish must come after the planned start to spread the milestone chain"))
    span = (finish - start).days
    last = len(STANDARD_STAGES) - 1
    chain = []
    for index, item in enumerate(STANDARD_STAGES):
        due = start + dt.timedelta(days=round(span * index / last))
        chain.append(Milestone(id=new_id(), name=item.name, due=due, baseline_due=due, stage=item.key))
    return chain


# Words an office writes for a stage beyond its standard name; and the words saying a stage is finished.
_STAGE_WORDS = {
    "acceptance": ("竣工", "完工", "已竣工"),
    "in-use": ("投入使用", "交付使用", "已投用", "投用"),
    "fit-out": ("装饰", "装修"),
    "installation": ("水电安装", "机电安装"),
    "tendering": ("招标", "公开招标"),
}
_FINISHED = ("封顶", "完成", "完工", "竣工", "已", "投入使用", "交付使用", "投用")


def stage_reached(written: str) -> tuple[str | None, bool]:
    """The standard stage a 形象进度 text names (the furthest one mentioned), and whether it says that stage is
    finished: 主体封顶 is the main structure done, 已竣工 the completion acceptance done, 基础施工中 foundation under way."""
    typed = written.strip().lower()
    if not typed:
        return None, False
    for item in reversed(STANDARD_STAGES):
        names = [item.key, item.name.lower(), *item.name_zh.split("/"), *_STAGE_WORDS.get(item.key, ())]
        if any(name and (typed == name or (len(name) >= 2 and name in typed)) for name in names):
            return item.key, any(word in typed for word in _FINISHED)
    return None, False


def with_stage_reached(project: Project, written: str, on: dt.date) -> Project:
    """The project with every open standard milestone before the stage ``written`` names marked done on ``on``
    (and that stage's own milestone too when the words say it is finished: 主体封顶)."""
    reached, finished = stage_reached(written)
    if reached is None:
        return project
    last = stage_order(reached) + (1 if finished else 0)
    done = tuple(
        replace(m, done_on=on) if m.done_on is None and m.stage and stage_order(m.stage) < last else m
        for m in project.milestones
    )
    return replace(project, milestones=done)


def milestone_name(milestone: Milestone, chinese: bool | None = None) -> str:
    """A milestone's name as shown: a standard stage's own name (as the chain wrote it, in either language) is a
    label and follows the language; a name an office typed is data and is shown as typed."""
    if milestone.stage in _BY_KEY:
        standard = _BY_KEY[milestone.stage]
        if milestone.name in (standard.name, standard.name_zh):
            return standard.name_zh if (i18n.chinese() if chinese is None else chinese) else standard.name
    return milestone.name

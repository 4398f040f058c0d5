"""Every printed report speaks Chinese in Chinese mode: titles, sections, notes, statuses, categories, stage and
milestone names, and the Chinese project names (data stays as typed)."""

import re

import pytest
from cli_helpers import run

from buildtrack.domain.catalogue import DEFAULT_SOURCES

# English words that may appear in a Chinese report: the sample's own data (names, places it typed) and source keys.
_KEYS = "|".join(sorted((source.key for source in DEFAULT_SOURCES), key=len, reverse=True))
_DATA = re.compile(
    rf"Sample county health construction portfolio|[A-Z][a-z]+ (Town|Township|Subdistrict)[^\n]*|{_KEYS}"
)


@pytest.mark.parametrize(
    "report, words",
    [
        (["overdue"], ["逾期检查", "逾期节点", "西宁乡卫生院迁建工程", "二次结构", "个项目共有"]),
        (["monthly", "--month", "2026-11"], ["2026-11 月度考评", "期初进度为", "合计"]),
        (["weekly"], ["每周调度通报", "变化取自变更记录"]),
        (["funding"], ["按资金来源", "按来源类别", "中央", "到位率 = 到位 ÷ 计划"]),
        (["progress"], ["主体/封顶", "二次结构", "预警"]),
    ],
)
def test_a_chinese_report_has_no_english_label(tmp_path, report, words):
    db = tmp_path / "db.json"
    run(db, "check")
    text = run(db, "--lang", "zh", "report", *report).output
    for word in words:
        assert word in text, word
    leftover = [line for line in text.splitlines() if re.search(r"[A-Za-z]{4,}", _DATA.sub("", line))]
    assert all(re.search(r"P-\d{3}\s", line) for line in leftover), leftover  # only rows carrying project data


def test_leaders_are_listed_by_pinyin_in_chinese_and_by_letters_in_english(tmp_path):
    from buildtrack import i18n
    from buildtrack.domain.collation import name_key

    db = tmp_path / "db.json"
    run(db, "check")
    text = run(db, "--lang", "zh", "report", "overdue", "--group-by", "leader").output
    leaders = [line.rsplit("：", 1)[1] for line in text.splitlines() if line.startswith("逾期节点 — 责任领导")]
    assert leaders == sorted(leaders, key=lambda name: name_key(name)) and len(leaders) >= 2
    i18n.use("zh")
    try:
        assert sorted(["张志强", "王建国", "李红梅", "陈志远", "刘洋"], key=name_key) == [
            "陈志远",  # chen
            "李红梅",  # li
            "刘洋",  # liu
            "王建国",  # wang
            "张志强",  # zhang (by code point 张 would come before 王 and 陈 last)
        ]
    finally:
        i18n.use("en")

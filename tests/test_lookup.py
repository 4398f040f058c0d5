"""Projects and milestones are found by code, number or an unambiguous name prefix."""

import datetime as dt

import pytest
from conftest import make_project, milestone

from buildtrack import i18n
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.errors import NotFound
from buildtrack.domain.lookup import find_milestone, find_project, find_source
from buildtrack.domain.model import Settings

PROJECTS = [
    make_project("P-001", name="County TCM Hospital", name_zh="县中医院"),
    make_project("P-002", name="County MCH Hospital", name_zh="县妇幼保健院"),
    make_project("P-014", name="Renli Town Health Centre", name_zh="仁里镇中心卫生院"),
]


@pytest.mark.parametrize(
    "typed, code",
    [
        ("P-014", "P-014"),
        ("p-014", "P-014"),
        ("renli", "P-014"),
        ("县中", "P-001"),
        ("仁里", "P-014"),
        ("County TCM", "P-001"),
    ],
)
def test_finds_by_code_or_unambiguous_prefix(typed, code):
    assert find_project(PROJECTS, typed).code == code


def test_ambiguous_prefix_asks_for_more():
    with pytest.raises(NotFound, match="ambiguous: it matches 2"):
        find_project(PROJECTS, "County")


def test_unknown_gets_a_did_you_mean():
    with pytest.raises(NotFound, match=r"no project 'P-041'; did you mean P-014 \(Renli"):
        find_project(PROJECTS, "P-041")


def test_milestones_by_number_or_name_prefix():
    project = make_project(
        milestones=tuple(
            milestone(name, dt.date(2024, 1, n + 1)) for n, name in enumerate(["Land", "Design", "Tendering"])
        )
    )
    assert find_milestone(project, "2") == 1
    assert find_milestone(project, "ten") == 2
    with pytest.raises(NotFound, match="has no milestone 4: it has 3"):
        find_milestone(project, "4")
    with pytest.raises(NotFound, match="did you mean Design"):
        find_milestone(project, "Desgin")


def test_funding_sources_by_key_or_name_in_either_language(settings):
    from buildtrack.domain.lookup import find_source

    assert [
        find_source(settings, typed) for typed in ("special-bond", "专项债券", "Special-purpose bonds", "财政配套")
    ] == ["special-bond", "special-bond", "special-bond", "fiscal-matching"]
    with pytest.raises(NotFound, match="funding source '彩票' is not in the catalogue"):
        find_source(settings, "彩票")


@pytest.mark.parametrize(
    "typed, key",
    [
        ("专项债", "special-bond"),
        ("地方政府专项债券", "special-bond"),
        ("中央预算内资金", "central-budget"),
        ("对口援建", "paired-assistance"),
        ("单位自筹", "self-raised"),
        ("國債資金", "treasury-bond"),
        ("省级补助", "provincial-subsidy"),
        ("银行贷款", "bank-loan"),
    ],
)
def test_source_names_as_offices_write_them(typed, key):
    assert find_source(Settings(sources=DEFAULT_SOURCES), typed) == key


def test_an_unknown_source_suggests_the_closest_in_the_users_language():
    settings = Settings(sources=DEFAULT_SOURCES)
    i18n.use("zh")
    try:
        with pytest.raises(NotFound, match="您是不是要找 专项债券 \\(special-bond\\)"):
            find_source(settings, "专向债券")
        with pytest.raises(NotFound, match="财政配套资金 \\(fiscal-matching\\) 或 财政专项资金"):
            find_source(settings, "财政")  # two fit: both named, neither guessed
    finally:
        i18n.use("en")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_kind_and_facility_type_are_shown_in_the_language_and_read_back(language):
    from buildtrack.domain.fields import parse_field, show_field
    from buildtrack.domain.model import FACILITY_TYPES, Kind, Project

    i18n.use(language)
    try:
        for kind in Kind:
            for facility in FACILITY_TYPES:
                project = Project(code="P-001", kind=kind, facility_type=facility)
                shown = show_field(project, "kind"), show_field(project, "facility_type")
                assert parse_field("kind", shown[0], dt.date(2026, 1, 1)) is kind
                assert parse_field("facility_type", shown[1], dt.date(2026, 1, 1)) == facility
        assert show_field(Project(code="P-001", kind=Kind.NEW_BUILD), "kind") == (
            "新建" if language == "zh" else "new build"
        )
    finally:
        i18n.use("en")


def test_a_suggested_project_is_named_in_the_readers_language():
    i18n.use("zh")
    try:
        with pytest.raises(NotFound, match=r"P-014 \(仁里镇中心卫生院\)"):
            find_project(PROJECTS, "P-041")
    finally:
        i18n.use("en")

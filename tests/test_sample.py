"""The bundled sample portfolio holds every seed project with its real figures and makes every report interesting."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from buildtrack.domain.funding import funding_problems
from buildtrack.domain.model import Portfolio, Settings
from buildtrack.domain.schedule import Status, overdue_milestones
from buildtrack.reports.selection import standings
from buildtrack.session import sample_document
from buildtrack.storage.interchange import parse_document

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "domain" / "seed_projects.json"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def sample() -> Portfolio:
    settings, projects = parse_document(sample_document(), Portfolio(Settings()), TODAY, replace_settings=True)
    return Portfolio(settings, {project.code: project for project in projects})


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/domain/seed_projects.json is not beside this checkout")
def test_every_seed_project_is_in_the_sample_with_its_reported_figures(sample):
    by_chinese_name = {project.name_zh: project for project in sample.projects.values()}
    for seed in json.loads(SEEDS.read_text(encoding="utf-8"))["projects"]:
        project = by_chinese_name[seed["name_zh"]]
        assert project.name == seed["name_en"]
        assert project.kind.value == seed["kind"]
        expected_total = None if seed["total_investment_yuan"] is None else seed["total_investment_yuan"] * 100
        assert project.total_investment == expected_total
        if seed["floor_area_m2"]:
            assert project.floor_area_m2 == seed["floor_area_m2"]
        assert project.beds == seed["beds"]
        for line in seed["funding"]:
            assert line["amount_yuan"] is None or any(f.planned == line["amount_yuan"] * 100 for f in project.funding)
        if seed["percent_complete"] is not None:
            assert project.progress[-1].percent == seed["percent_complete"]
        assert "Illustrative" in project.notes


TODAY = dt.date(2026, 11, 23)


def test_the_county_hospital_keeps_its_reported_work_packages(sample):
    hospital = sample.projects["P-010"]
    assert hospital.total_investment == 1_127_818_900_00
    assert [package.percent for package in hospital.work_packages] == [100, 100, 35, 20]


def test_the_sample_makes_every_report_interesting_today(sample):
    statuses = {standing.status for standing in standings(sample, AS_OF).values()}
    assert statuses == set(Status)
    assert sum(len(overdue_milestones(p, AS_OF)) for p in sample.projects.values()) >= 3
    sources = {line.source for project in sample.projects.values() for line in project.funding}
    assert len(sources) >= 6
    assert not [problem for project in sample.projects.values() for problem in funding_problems(project)]
    assert any(m.slippage_days for p in sample.projects.values() for m in p.milestones)
    assert sample.settings.at_risk_threshold == Decimal(10)

"""The JSON interchange format round-trips exactly and import reports every problem."""

import orjson
import pytest
from conftest import TODAY

from buildtrack.domain.errors import DecodeError
from buildtrack.domain.model import Portfolio, Settings
from buildtrack.service import PortfolioService
from buildtrack.session import sample_document
from buildtrack.storage.file_store import memory_store
from buildtrack.storage.interchange import export_document, parse_document


def test_sample_export_import_export_is_identical():
    settings, projects = parse_document(sample_document(), Portfolio(Settings()), TODAY, replace_settings=True)
    store = memory_store(Settings())
    PortfolioService(store, "alice", lambda: TODAY).import_projects(projects, settings)
    exported = export_document(store.load())
    assert orjson.loads(exported) == orjson.loads(sample_document())
    settings2, projects2 = parse_document(exported, Portfolio(Settings()), TODAY, replace_settings=True)
    assert (settings2, projects2) == (settings, projects)


def test_every_problem_is_reported_with_project_and_field(settings):
    doc = {
        "format": "buildtrack-portfolio",
        "version": 1,
        "projects": [
            {"code": "P-001", "name": "A", "planned_start": "2024-13-01", "total_investment_fen": -5},
            {"code": "P-002", "name": "", "funding": [{"source": "lottery", "planned_fen": 1.5}]},
            {"code": "P-003", "name": "C", "milestones": [{"name": "Land"}]},
            {"code": "P-003", "name": "D"},
            "not an object",
        ],
    }
    with pytest.raises(DecodeError) as caught:
        parse_document(orjson.dumps(doc), Portfolio(settings), TODAY)
    assert caught.value.problems == [
        "P-001: total_investment_fen: -5 is negative",
        "P-001: planned_start: '2024-13-01' is not an ISO date (YYYY-MM-DD)",
        "P-002: funding[1].planned_fen: expected a whole number, got 1.5",
        "P-002: name: a name is required (Chinese, English or both)",
        "P-002: funding: source 'lottery' is not in the catalogue (bank-loan, central-budget, charity, "
        "fiscal-earmarked, fiscal-matching, grant-aid, paired-assistance, private-capital, programme, "
        "provincial-subsidy, qiaoxin, self-raised, special-bond, treasury-bond, ultra-long-bond)",
        "P-003: milestones[1].due: a value is required",
        "P-003: milestones[1].baseline_due: a value is required",
        "project 5: expected an object, got str",
        "P-003: code: appears 2 times in the file",
    ]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"{", "not valid JSON"),
        (b"[]", "not a buildtrack export"),
        (b'{"format": "buildtrack-portfolio", "version": 99, "projects": []}', "version 99 is not supported"),
        (b'{"format": "buildtrack-portfolio", "version": 1, "projects": {}}', '"projects" must be a list'),
    ],
)
def test_foreign_documents_are_refused(settings, data, reason):
    with pytest.raises(DecodeError, match=reason):
        parse_document(data, Portfolio(settings), TODAY)

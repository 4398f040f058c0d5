"""The directly drawn plain table is exactly tabulate's "simple" table for one-line printable cells."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from buildtrack.reports.plain_table import plain, simple_table

# ASCII, Chinese (two columns wide), full-width digits, accents, the dash used for missing values, spaces
TEXT = st.text(alphabet=st.sampled_from(list("aZ09 -.%,:()—é") + list("县医院病房楼卫生院１２")), max_size=12)


@st.composite
def tables(draw):
    width = draw(st.integers(min_value=1, max_value=6))
    headers = draw(st.lists(TEXT, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=1, max_size=8))
    aligns = draw(st.lists(st.sampled_from(["left", "right"]), min_size=width, max_size=width))
    return rows, headers, aligns


@settings(max_examples=300, deadline=None)
@given(tables())
def test_the_same_text_as_tabulate_simple(table):
    rows, headers, aligns = table
    expected = tabulate(rows, headers=headers, tablefmt="simple", colalign=aligns, disable_numparse=True)
    assert simple_table(rows, headers, aligns) == expected


def test_only_printable_one_line_cells_take_the_direct_path():
    assert plain(["P-001", "县中医院病房楼", "", "—"])
    assert not plain(["two\nlines"]) and not plain(["tab\there"]) and not plain(["\x1b[31mred"])

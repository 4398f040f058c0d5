"""Undo patches are exact: applying one to the new document gives back the old one, whatever changed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from buildtrack.storage.patches import apply_undo, undo_patch

VALUES = st.none() | st.integers() | st.text(max_size=5)
ITEMS = st.dictionaries(st.sampled_from(["name", "due", "done_on"]), VALUES, max_size=3)
DOCS = st.fixed_dictionaries(
    {
        "code": st.just("P-001"),
        "name": st.text(max_size=8),
        "beds": st.none() | st.integers(0, 9),
        "milestones": st.lists(ITEMS, max_size=6),
        "progress": st.lists(ITEMS, max_size=6),
    }
)


@settings(max_examples=300)
@given(DOCS, DOCS)
def test_undo_patch_turns_the_new_document_back_into_the_old(old, new):
    assert apply_undo(new, undo_patch(old, new)) == old


def test_a_patch_holds_only_what_changed():
    old = {"code": "P-001", "name": "A", "milestones": [{"name": "Land", "done_on": None}, {"name": "Design"}]}
    new = {**old, "milestones": [{"name": "Land", "done_on": "2024-06-03"}, {"name": "Design"}]}
    assert undo_patch(old, new) == [["item", "milestones", 0, {"name": "Land", "done_on": None}]]
    assert undo_patch(old, {**old, "revision": 3}) == []

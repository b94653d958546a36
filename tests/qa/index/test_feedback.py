"""The SQLite feedback log: what it stores, and who may read it."""

from __future__ import annotations

from pathlib import Path

from qa import Feedback, FeedbackStore
from tests.qa.index.modes import loose_modes, usual_umask


def test_feedback_file_and_new_folder_are_the_owners_alone(tmp_path: Path) -> None:
    """Issue 15.6: questions people asked were stored in a 0644 file (folders 0755)."""
    path = tmp_path / "var" / "feedback" / "feedback.sqlite3"
    with usual_umask():
        store = FeedbackStore(path)
        record_id = store.record(Feedback(rating="down", question="出庭率", answer="没有找到"))
    assert [r.id for r in store.recent()] == [record_id]
    assert loose_modes(tmp_path / "var" / "feedback") == []

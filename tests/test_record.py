"""The HedgeClassifier record that a saved model file carries: its version and checksum checks."""

from __future__ import annotations

import pytest

from hedgekit.errors import ModelError
from hedgekit.record import RECORD_CLASS, check_record, record_checksum


def _record() -> dict:
    rec = {"class": RECORD_CLASS, "version": 2, "params": {"C": 1.0}, "classes": ["certain", "uncertain"],
           "lexicon": None}
    rec["checksum"] = record_checksum(rec)
    return rec


def test_a_consistent_record_passes_and_an_edited_one_does_not() -> None:
    rec = _record()
    assert check_record(rec, "m.json") is rec
    with pytest.raises(ModelError, match=r"m\.json: the HedgeClassifier record's checksum does not match"):
        check_record({**rec, "classes": ["uncertain", "certain"]}, "m.json")
    # a version 1 record, written before checksums, carries none and is read as it is
    old = {k: v for k, v in rec.items() if k != "checksum"}
    assert check_record({**old, "version": 1}, "m.json")["version"] == 1


def test_an_edited_record_does_not_pass_by_calling_itself_version_1() -> None:
    """A version 1 record was read without its checksum, so an edited version 2 record (swapped
    classes: every label inverted) passed once its version said 1 (a review)."""
    rec = _record()
    with pytest.raises(ModelError, match="checksum does not match"):
        check_record({**rec, "classes": ["uncertain", "certain"], "version": 1}, "m.json")


@pytest.mark.parametrize("version", [True, 1.0, 2.0, "2", None, 3])
def test_a_version_is_an_int_this_hedgekit_reads(version) -> None:
    """``true`` and ``1.0`` were version 1 (an equality test; a review)."""
    with pytest.raises(ModelError, match=r"HedgeClassifier record version .* is not supported; this hedgekit reads "
                                         r"versions \[1, 2\]"):
        check_record({**_record(), "version": version}, "m.json")

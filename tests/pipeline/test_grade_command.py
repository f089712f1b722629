"""``make grade`` refuses to grade without the sandbox unless the instructor opts out, loudly."""
import pytest

from coursekit import pipeline, sandbox


def test_grading_refuses_without_a_working_sandbox(monkeypatch):
    monkeypatch.delenv("COURSE_SANDBOX", raising=False)
    monkeypatch.setattr(sandbox, "available", lambda: (False, "bubblewrap (bwrap) is not installed"))
    with pytest.raises(RuntimeError, match="(?s)cannot grade safely: bubblewrap .* COURSE_SANDBOX=off make grade"):
        pipeline.grading_mode()


def test_opting_out_is_explicit_and_reported(monkeypatch):
    monkeypatch.setenv("COURSE_SANDBOX", "off")
    monkeypatch.setattr(sandbox, "available", lambda: (False, "whatever"))
    assert pipeline.grading_mode() == (False, "COURSE_SANDBOX=off")
    assert "GRADING WAS NOT ISOLATED" in pipeline.NOT_ISOLATED


def test_make_grade_stops_before_grading_anything(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("COURSE_SANDBOX", raising=False)
    monkeypatch.setattr(sandbox, "available", lambda: (False, "bubblewrap (bwrap) is not installed"))
    monkeypatch.setattr(pipeline, "ROOT", tmp_path)
    sub = tmp_path / "submitted" / "ada" / "06_momentum"
    sub.mkdir(parents=True)
    (sub / "06_momentum.ipynb").write_text("{}")
    graded = []
    monkeypatch.setattr(pipeline, "autograde", lambda *a, **k: graded.append(a))
    assert pipeline.grade() == 2
    assert "cannot grade safely" in capsys.readouterr().out and not graded

"""Tests of the exercise machinery (minichain.course), on the real exercises and copies of them."""

from pathlib import Path

from minichain.course.model import load_course

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
COURSE = load_course(EXERCISES)

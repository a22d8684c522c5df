"""The learner's workspace: their copies of the starters and a plain-text progress file."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from minichain.course.errors import ExerciseError
from minichain.course.model import Exercise, find_exercise, load_course
from minichain.course.notebook import localized

PROGRESS = "progress.txt"
DEFAULT_WORKSPACE = Path("minichain-exercises")


@dataclass
class Progress:
    """Where the learner is: the current exercise, the finished ones, the hints seen per task.

    Attributes:
        current: the name of the exercise the learner is on.
        done: the exercises whose public checks all passed.
        tasks: the tasks (``<exercise>.<task id>``) whose public checks all passed.
        hints: how many hints of each task (``<exercise>.<task id>``) the learner has seen.
    """

    current: str = ""
    done: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """The progress file's content."""
        hints = ", ".join(f"{key}:{count}" for key, count in sorted(self.hints.items()))
        return (
            "# minichain learn: your progress. Plain text; safe to edit or delete.\n"
            f"current = {self.current}\n"
            f"done = {', '.join(self.done)}\n"
            f"tasks = {', '.join(self.tasks)}\n"
            f"hints = {hints}\n"
        )

    @classmethod
    def parse(cls, text: str) -> Progress:
        """Read a progress file; unknown or malformed lines are ignored."""
        progress = cls()
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if not sep or line.lstrip().startswith("#"):
                continue
            key, value = key.strip(), value.strip()
            items = [item.strip() for item in value.split(",") if item.strip()]
            if key == "current":
                progress.current = value
            elif key == "done":
                progress.done = items
            elif key == "tasks":
                progress.tasks = items
            elif key == "hints":
                for item in items:
                    name, _, count = item.rpartition(":")
                    if name and count.isdigit():
                        progress.hints[name] = int(count)
        return progress


class Workspace:
    """A folder of the learner's exercise files, made from the course's starters."""

    def __init__(self, path: Path, course_root: Path, language: str = "en") -> None:
        """The workspace at ``path`` for the course in ``course_root``, its exercises' words
        in ``language`` (English for an exercise not translated into it)."""
        self.path = Path(path)
        self.exercises = [
            localized(exercise, language) if exercise.text(language) is not None else exercise
            for exercise in load_course(course_root)
        ]

    def file_for(self, exercise: Exercise) -> Path:
        """The learner's file for ``exercise``, e.g. ``10_evidence_hash.py``."""
        return self.path / f"{exercise.order:02d}_{exercise.name}.py"

    def prepare(self) -> list[Path]:
        """Create the folder and copy each starter that has no file yet; return the new files.

        Raises:
            ExerciseError: the workspace path exists and is not a folder.
        """
        if self.path.exists() and not self.path.is_dir():
            raise ExerciseError("workspace", "{path} exists and is not a folder", path=self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        created = []
        for exercise in self.exercises:
            target = self.file_for(exercise)
            if not target.exists():
                shutil.copyfile(exercise.starter, target)
                created.append(target)
        return created

    @property
    def progress_file(self) -> Path:
        """The plain-text progress file."""
        return self.path / PROGRESS

    def load_progress(self) -> Progress:
        """The saved progress (a fresh one if there is none); the current exercise is valid."""
        progress = Progress()
        if self.progress_file.exists():
            progress = Progress.parse(self.progress_file.read_text(encoding="utf-8"))
        names = [exercise.name for exercise in self.exercises]
        if progress.current not in names:
            progress.current = next((n for n in names if n not in progress.done), names[0])
        return progress

    def save_progress(self, progress: Progress) -> None:
        """Write the progress file."""
        self.progress_file.write_text(progress.text(), encoding="utf-8")

    def set_current(self, exercise: Exercise) -> None:
        """Make ``exercise`` the one the learner is on."""
        progress = self.load_progress()
        progress.current = exercise.name
        self.save_progress(progress)

    def mark_done(self, exercise: Exercise) -> None:
        """Record that ``exercise`` passes (once)."""
        progress = self.load_progress()
        if exercise.name not in progress.done:
            progress.done.append(exercise.name)
            self.save_progress(progress)

    def mark_tasks_done(self, exercise: Exercise, task_ids: list[str]) -> list[str]:
        """Record that these tasks of ``exercise`` pass; return those not recorded before."""
        progress = self.load_progress()
        new = [task for task in task_ids if f"{exercise.name}.{task}" not in progress.tasks]
        if new:
            progress.tasks += [f"{exercise.name}.{task}" for task in new]
            self.save_progress(progress)
        return new

    def clear_done(self, exercise: Exercise) -> None:
        """Forget that ``exercise`` and its tasks passed."""
        progress = self.load_progress()
        progress.done = [name for name in progress.done if name != exercise.name]
        progress.tasks = [key for key in progress.tasks if not key.startswith(f"{exercise.name}.")]
        self.save_progress(progress)

    def find(self, key: str) -> Exercise:
        """The exercise named ``key`` or numbered ``key`` (1-based)."""
        return find_exercise(self.exercises, key)

    def current(self) -> Exercise:
        """The exercise the learner is on."""
        return self.find(self.load_progress().current)

    def reset(self, exercise: Exercise) -> Path:
        """Put the starter back, keeping the learner's version as ``<file>.bak`` (returned).

        The exercise and its tasks are no longer marked done.
        """
        target = self.file_for(exercise)
        backup = target.with_name(target.name + ".bak")
        if target.exists():
            shutil.copyfile(target, backup)
        shutil.copyfile(exercise.starter, target)
        self.clear_done(exercise)
        return backup

"""The exercise machinery: one source folder per exercise, two front ends.

Each folder under ``exercises/`` holds a manifest (``exercise.toml``), the
starter code, the reference solution, public tests and hidden tests. From that
one source this package

* checks the folder (:mod:`minichain.course.check`, ``minichain course check``),
* builds the nbgrader notebook (:mod:`minichain.course.notebook`,
  ``minichain course generate``), and
* runs the tests against a learner's file (:mod:`minichain.course.runner`),
  which ``minichain learn`` and the notebooks' test cells share.

This is tooling, not a teaching module: it may use rich and nbgrader-era
conventions, and it imports the library, never the other way round.
"""

"""The exercise machinery: one source folder per exercise, parsed once, several front ends.

Each folder under ``exercises/`` holds a manifest (``exercise.toml``), the
starter code, the reference solution, public tests and hidden tests.
:func:`minichain.course.model.load_course` parses them once into one model
(:mod:`~minichain.course.manifest` reads the TOML, :mod:`~minichain.course.sources`
splits the Python files), and from that model this package

* checks each exercise (:mod:`minichain.course.validate`, ``minichain course check``),
* builds the nbgrader notebook and the student's copy of it
  (:mod:`minichain.course.notebook`, ``minichain course generate``; the site's
  hook offers the student copy for download, and :mod:`minichain.course.lite`
  builds the JupyterLite app that runs it in the browser, offline), in English
  and in Chinese, from the Chinese words the manifest keeps beside the English
  (:mod:`minichain.course.translations` notices when the English changed since),
* runs the checks against a learner's file (:mod:`minichain.course.runner`,
  which ``minichain learn`` uses; the notebooks' test cells use
  :mod:`minichain.course.grading`, and both describe results with
  :mod:`minichain.course.results`), and
* grades submitted notebooks for nbgrader without trusting them
  (:mod:`minichain.course.autograde`, in place of nbgrader's ``Execute``): the
  student's code runs walled off (:mod:`~minichain.course.sandbox`,
  :mod:`~minichain.course.worker`), talks to the grader in plain data only
  (:mod:`~minichain.course.wire`, :mod:`~minichain.course.carry`), and every
  verdict is reached in the grader's process (:mod:`~minichain.course.judge`),
  each check worth its share of the task's points (:mod:`~minichain.course.weights`).

This is tooling, not a teaching module: it may use rich and nbgrader-era
conventions, and it imports the library, never the other way round.
"""

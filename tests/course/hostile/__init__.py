"""A hostile class: students who try to defeat the autograder, and honest students who slip.

``submissions`` says what each one hands in and the score it deserves;
``classroom`` runs the class through real nbgrader and collects what the
test (tests/course/test_hostile_class.py) and the benchmark check; ``python -m
tests.course.hostile [--config FILE]`` prints the table of deserved and got.
"""

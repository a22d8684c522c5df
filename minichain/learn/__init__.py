"""``minichain learn``: the exercises in the terminal, checked every time you save.

Like rustlings: the starters are copied once into a workspace folder that the
learner owns (nothing there is ever overwritten, except by an explicit
``reset``), each task is shown with its instructions (the notebook's text,
rendered as Markdown) and its checks, the current exercise's public checks run
on every save, the first failing check is shown with a friendly message, hints
come on request, a task's reference solution is shown once its public checks
pass, and the learner moves on only when they ask. Progress is a plain text file in the
workspace. The checks are the same ``test_public.py`` the notebooks run.
"""

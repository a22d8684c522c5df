"""The language the tooling speaks: English, or Simplified Chinese from a gettext catalogue.

Only the tooling (``minichain.cli``, ``minichain.terminal``, ``minichain.learn``, and
the lines of ``minichain.course`` a learner reads: check results, in the notebooks'
test cells too) translates; the teaching library stays English and never imports
this module. It imports only the standard library, so that a grading kernel that
imports it starts quickly.
``minichain.node`` only marks its log format strings ``N_``: its records stay
English, and ``minichain node``'s log formatter translates them as it writes them.

The library's refusals are translated here too, without the library importing
this module: each :class:`~minichain.errors.MinichainError` keeps its English rule
template, its values and its places (:class:`~minichain.errors.Phrase`), and
:func:`refusal` says them in the language in use (:func:`say` for one phrase).

The catalogue is standard GNU gettext: ``minichain/locale/zh/LC_MESSAGES/minichain.po``
is the source, kept in the repository; the ``.mo`` beside it is compiled from it by
the package build (``setup.py``, also for ``pip install -e``) and by ``make install``,
and read here with Python's :mod:`gettext`. The language is, in order:

1. ``minichain --lang zh`` (or ``--lang en``), set with :func:`use_language`;
2. else, in the browser, the notebook's folder (:func:`browser_notebook_language`);
3. else the environment, as gettext reads it: the first of ``LANGUAGE``, ``LC_ALL``,
   ``LC_MESSAGES`` and ``LANG`` that is set (``LANG=zh_CN.UTF-8`` finds ``zh``);
4. else English, the language the messages are written in (the msgids).

Code that speaks to several learners at once in their own languages (the grader
writing each submission's feedback) asks :func:`translation` for a language's
catalogue and leaves the one in use alone.

Messages are marked ``_("...")`` where they are used, or ``N_("...")`` where they
are defined ahead of time and translated with ``_(text)`` where they are shown;
placeholders are named (``{count}``), so a translation can move them.
``tests/terminal/test_translations.py`` extracts every marked message with Babel
and fails when the catalogue misses one, keeps one the code no longer has, or
leaves one fuzzy or empty.
"""

from __future__ import annotations

import functools
import gettext
import sys
from pathlib import Path, PurePosixPath

from minichain.errors import N_, Phrase

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "_",
    "browser_notebook_language",
    "language",
    "ngettext",
    "refusal",
    "say",
    "translation",
    "use_language",
]

DOMAIN = "minichain"
"""The gettext domain: the catalogues are named ``minichain.po`` / ``minichain.mo``."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""``minichain/locale``: ``<language>/LC_MESSAGES/minichain.po`` and its compiled ``.mo``."""

LANGUAGES = ("en", "zh")
"""The languages ``--lang`` accepts: English (the messages as written) and Simplified Chinese."""

BROWSER_DRIVE = PurePosixPath("/drive")
"""Where JupyterLite's Pyodide kernel mounts the app's contents (its notebooks and files)."""

_translation: gettext.NullTranslations | None = None


@functools.cache
def translation(code: str) -> gettext.NullTranslations:
    """The catalogue of ``code`` (one of :data:`LANGUAGES`): English is the messages as written.

    Unlike :func:`use_language` it changes nothing: several threads may each use their own.
    """
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[code], fallback=True)


def browser_notebook_language(cwd: PurePosixPath | None = None) -> str | None:
    """In the browser, the language of the notebook the kernel runs for; else ``None``.

    JupyterLite's Pyodide kernel (``sys.platform == "emscripten"``) starts in the
    notebook's folder under :data:`BROWSER_DRIVE`, as Jupyter starts a kernel in
    its notebook's folder, whenever it can reach the app's contents (its service
    worker, or a cross-origin isolated page). The course's app keeps each
    translation's notebooks in a folder named by its language (``zh/``) and the
    English ones at its root (:func:`minichain.course.lite.notebook_file`), so
    the folder says the notebook's language, whatever the browser's. Outside the
    drive (no contents reached) it says nothing, and the environment decides:
    Pyodide sets ``LANG`` from the browser's language.

    Args:
        cwd: the kernel's working directory (default: the current one).
    """
    if cwd is None:
        if sys.platform != "emscripten":
            return None
        cwd = PurePosixPath(Path.cwd().as_posix())
    if cwd != BROWSER_DRIVE and BROWSER_DRIVE not in cwd.parents:
        return None
    parts = cwd.relative_to(BROWSER_DRIVE).parts
    return parts[0] if parts and parts[0] in LANGUAGES else "en"


def use_language(code: str | None = None) -> gettext.NullTranslations:
    """Speak ``code`` (``"en"`` or ``"zh"``) from now on, or, if ``None``, the browser
    notebook's language (:func:`browser_notebook_language`) or else the environment's.

    A language without a catalogue (``LANG=fr_FR.UTF-8``, ``LANG=C``) falls back to English.
    """
    global _translation
    code = code or browser_notebook_language()
    if code in LANGUAGES:
        _translation = translation(code)
    else:
        languages = [code] if code else None  # None: gettext reads LANGUAGE, LC_ALL, ...
        _translation = gettext.translation(
            DOMAIN, str(LOCALE_DIR), languages=languages, fallback=True
        )
    return _translation


def _current() -> gettext.NullTranslations:
    return _translation if _translation is not None else use_language()


def language() -> str:
    """The language in use: ``"zh"`` when a Chinese catalogue is loaded, else ``"en"``."""
    info = _current().info()
    return "zh" if info.get("language", "").startswith("zh") else "en"


def _(message: str) -> str:
    """``message`` in the language in use (itself when the catalogue has no translation)."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` as ``count`` asks, in the language in use (Chinese: one form)."""
    return _current().ngettext(singular, plural, count)


def say(words: object) -> str:
    """``words`` in the tooling's language: a :class:`minichain.errors.Phrase` is translated.

    Its template is looked up in the catalogue and filled in again with its values
    (values that are phrases are said the same way); anything else, and a phrase
    whose translation does not format, reads as its English text.
    """
    if not isinstance(words, Phrase):
        return str(words)
    # Only phrases are said again: other values keep their type for !r and format specs.
    values = {
        name: say(value) if isinstance(value, Phrase) else value
        for name, value in words.params.items()
    }
    try:
        return _(words.template).format(**values) if values else _(words.template)
    except (KeyError, IndexError, ValueError, AttributeError):
        return str(words)


def refusal(error: BaseException) -> str:
    """``where: field: rule`` of a library refusal, in the language the tooling speaks.

    A :class:`minichain.errors.MinichainError` keeps its English rule template and
    the values that fill it in (``template``, ``params``), and a consensus error
    the places it was found (``places``); each is translated through the
    catalogue and filled in again, so the values stay exactly as they were. An
    error without a template reads as its English text.
    """
    field = getattr(error, "field", None)
    rule = getattr(error, "rule", None)
    if not isinstance(rule, Phrase) or field is None:
        return str(error)
    text = _("{field}: {rule}").format(field=field, rule=say(rule))
    places = getattr(error, "places", ())
    if not places:
        return text
    where = _(", ").join(say(place) for place in places)
    return _("{where}: {text}").format(where=where, text=text)

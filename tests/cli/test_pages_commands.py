"""Every `minichain` command shown in the README and on the course pages is one the
command line accepts: each is parsed with the real grammar (placeholders such as
ADDRESS replaced by real values), so a renamed option cannot linger in the docs."""

import re
import shlex
from pathlib import Path

import pytest

from minichain.cli import build_parser
from minichain.keys import PrivateKey

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "course").rglob("*.md"))]
PLACEHOLDERS = {
    "ADDRESS": PrivateKey.from_seed("bob").address,
    "ADDR": PrivateKey.from_seed("bob").address,
    "TXID": "ab" * 32,
}
FENCE = re.compile(r"```(?:bash|sh|console|shell)\n(.*?)```", re.S)


def shown_commands():
    for page in PAGES:
        for block in FENCE.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("minichain "):
                    words = shlex.split(line, comments=True)
                    yield f"{page.relative_to(REPO)}: {' '.join(words)}", words[1:]


COMMANDS = dict(shown_commands())


def test_the_pages_show_the_send_command():
    assert any(" send " in name for name in COMMANDS if name.startswith("README.md"))
    assert any(" send " in name for name in COMMANDS if name.startswith("course/learn.md"))


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_shown_on_a_page_parses_with_the_real_grammar(name):
    words = [PLACEHOLDERS.get(word, word) for word in COMMANDS[name]]
    args = build_parser().parse_args(words)  # a usage error raises SystemExit and fails
    assert callable(getattr(args, "handler", None)), name

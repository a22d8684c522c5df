"""The Chinese edition of the course site (issue 21): built with the English one, page for page.

The built HTML is read here; tests/test_browser.py opens the same pages in
Chromium (rendering, the switcher clicked, Chinese search typed).
"""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from minichain.course.model import load_course
from minichain.course.notebook import student_notebook_text
from minichain.course.translations import translation_states
from tests.site_build import ROOT, SITE_NAMES, edition_pages, shared_site

COURSE = ROOT / "course"
CJK_CSS = COURSE / "assets" / "stylesheets" / "cjk.css"


def load_hook(name: str):
    """Import hooks/<name>.py the way mkdocs does: by file path."""
    spec = importlib.util.spec_from_file_location(
        f"site_hook_{name}", ROOT / "hooks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    return shared_site(tmp_path_factory)


def html_of(site, language: str, page: str) -> str:
    folder = "" if language == "en" else f"{language}/"
    return (site / f"{folder}{page.strip('/')}" / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_both_editions_have_the_same_pages(built_site):
    english = edition_pages(built_site, "en")
    assert "/policy/" in english and "/reference/hashing/" in english
    assert edition_pages(built_site, "zh") == english


def test_every_chinese_page_is_chinese_with_its_own_site_name(built_site):
    for page in edition_pages(built_site, "zh"):
        html = html_of(built_site, "zh", page)
        assert '<html lang="zh"' in html, page
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title.endswith(SITE_NAMES["zh"]), (page, title)


def switcher(html: str) -> dict[str, str]:
    """The language switcher's links on a page: language -> href."""
    links = re.findall(r'<a href="([^"]*)" hreflang="(\w+)"[^>]*class="md-select__link"', html)
    return {language: href for href, language in links}


def test_the_switcher_links_every_page_to_the_same_page_in_the_other_language(built_site):
    for page in edition_pages(built_site, "en"):
        depth = page.count("/") - 1
        english, chinese = html_of(built_site, "en", page), html_of(built_site, "zh", page)
        assert switcher(english) == {"en": "./", "zh": "../" * depth + "zh" + page}, page
        assert switcher(chinese) == {"en": "../" * (depth + 1) + page.lstrip("/"), "zh": "./"}


def test_no_page_names_alternates_for_materials_script_to_reroute(built_site):
    # material's script sends a click on a link under an alternate's URL to that
    # edition's home page when it cannot read the URL from that edition's sitemap.
    for language in ("en", "zh"):
        assert 'rel="alternate"' not in html_of(built_site, language, "/policy/")


def test_translated_pages_are_translations_and_the_rest_say_so(built_site):
    translated = {state.page for state in translation_states(COURSE, "zh") if state.recorded}
    assert "index.md" in translated
    for state in translation_states(COURSE, "zh"):
        page = "/" if state.page == "index.md" else "/" + state.page.removesuffix(".md") + "/"
        text = article(html_of(built_site, "zh", page))
        if state.page in translated:
            assert "本页尚未译成中文" not in text, page
        else:
            assert "本页尚未译成中文" in text, page
            assert f'href="../..{page}"' in text, page


def test_chinese_home_page_shows_the_genesis_example_from_the_tested_file(built_site):
    html = html_of(built_site, "zh", "/")
    assert "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f" in html
    assert "BlockHeader" in html
    assert "--8&lt;--" not in html and "--8<--" not in html
    assert "比特币的第一个区块" in html


def test_chinese_home_page_links_every_exercise_notebook_under_chinese_headings(built_site):
    html = html_of(built_site, "zh", "/")
    assert "<th>学生笔记本</th>" in html
    for exercise in load_course(ROOT / "exercises"):
        assert f'href="notebooks/{exercise.name}.ipynb"' in html, exercise.name
        assert (built_site / "zh" / "notebooks" / f"{exercise.name}.ipynb").is_file()


def test_each_edition_serves_the_student_notebooks_in_its_own_language(built_site):
    for exercise in load_course(ROOT / "exercises"):
        name = f"{exercise.name}.ipynb"
        english = (built_site / "notebooks" / name).read_text(encoding="utf-8")
        chinese = (built_site / "zh" / "notebooks" / name).read_text(encoding="utf-8")
        assert english == student_notebook_text(exercise), name
        assert chinese == student_notebook_text(exercise, "zh"), name
        cells = {
            language: json.loads(text)["cells"]
            for language, text in (("en", english), ("zh", chinese))
        }
        assert cells["zh"][0]["source"][0] == f"# {exercise.text('zh').title}\n"
        # the same released code cells (grade ids, checks, answer stubs) in both
        code = {
            lang: [c for c in found if c["cell_type"] == "code"] for lang, found in cells.items()
        }
        assert code["zh"] == code["en"], name


def test_chinese_lessons_open_the_chinese_notebook_in_the_browser_app(built_site):
    for exercise in load_course(ROOT / "exercises"):
        lesson = "/" + exercise.lesson.removesuffix(".md") + "/"
        depth = lesson.count("/")  # from zh/<lesson>/ up to the site's root
        target = f"lite/notebooks/index.html?path=zh/{exercise.name}.ipynb"
        assert f'href="{"../" * depth}{target}"' in html_of(built_site, "zh", lesson), lesson
        english = html_of(built_site, "en", lesson)
        assert f"?path={exercise.name}.ipynb" in english and "?path=zh/" not in english
        shipped = built_site / "lite" / "files" / "zh" / f"{exercise.name}.ipynb"
        text = json.loads(shipped.read_text(encoding="utf-8"))["cells"][0]["source"][0]
        assert text == f"# {exercise.text('zh').title}\n", exercise.name


def test_the_chinese_exercise_table_names_the_exercises_in_chinese(built_site):
    table = article(html_of(built_site, "zh", "/"))
    for exercise in load_course(ROOT / "exercises"):
        assert f"<strong>{exercise.text('zh').title}</strong>" in table, exercise.name
        assert f"<strong>{exercise.title}</strong>" not in table, exercise.name


def test_chinese_lessons_state_their_exercise_time_in_chinese(built_site):
    for exercise in load_course(ROOT / "exercises"):
        lesson = "/" + exercise.lesson.removesuffix(".md") + "/"
        text = article(html_of(built_site, "zh", lesson))
        assert f"共 {len(exercise.tasks)} 个任务，约 {exercise.minutes} 分钟" in text, lesson


def test_chinese_sentences_split_over_source_lines_show_no_space(built_site):
    # course/zh/hashing.md breaks "…共享记录，因此谁也无法悄悄改动写进去的内容；" and
    # "第 2 课会展示…" over two lines: the page has them side by side, no space between.
    text = article(html_of(built_site, "zh", "/hashing/"))
    assert "写进去的内容；第 2 课会展示" in text
    outside_code = re.sub(r"<pre\b.*?</pre>", "", text, flags=re.DOTALL)
    assert not re.search(r"[\u4e00-\u9fff，。；：]\n[\u4e00-\u9fff]", outside_code)


def test_line_joining_leaves_preformatted_blocks_and_latin_words_alone():
    join = load_hook("translations").join_cjk_lines
    html = "<p>甲。\n乙\nword\n丙</p><pre><code>丁\n戊</code></pre>"
    assert join(html) == "<p>甲。乙\nword\n丙</p><pre><code>丁\n戊</code></pre>"


def test_chinese_headings_keep_their_characters_in_their_anchors(built_site):
    assert 'id="你将构建什么"' in html_of(built_site, "zh", "/")


def test_the_api_reference_keeps_its_english_text_under_a_chinese_nav(built_site):
    html = html_of(built_site, "zh", "/reference/hashing/")
    assert 'id="minichain.hashing.sha256d"' in html
    assert "API 参考（英文）" in html and "按阅读顺序排列的模块" in html


def test_the_reference_hook_keeps_a_translated_section_title():
    hook = load_hook("api_reference")
    nav = [{"首页": "index.md"}, {"API 参考": hook.INDEX}]
    assert hook.expand_nav(nav, "模块") is True
    assert list(nav[1]) == ["API 参考"]
    assert nav[1]["API 参考"][0] == {"模块": hook.INDEX}


# --- Fonts and search -------------------------------------------------------------

GENERIC = re.compile(r"\b(sans-serif|serif|monospace)\b")


def test_the_font_stack_names_cjk_system_fonts_and_loads_no_font():
    css = CJK_CSS.read_text(encoding="utf-8")
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
    for font in ('"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"'):
        assert css.count(font) >= 2, font  # in the text stack and the Chinese one
    # material appends its generic family after these: none may come first.
    assert not GENERIC.search(css.split("*/", 1)[1])


def test_both_editions_load_the_font_stack_from_the_site(built_site):
    assert 'href="../assets/stylesheets/cjk.css"' in html_of(built_site, "en", "/policy/")
    # The Chinese edition loads the English site's copy, the same file (see share_assets).
    assert 'href="../../assets/stylesheets/cjk.css"' in html_of(built_site, "zh", "/policy/")
    assert (built_site / "assets" / "stylesheets" / "cjk.css").is_file()
    assert "fonts.googleapis.com" not in html_of(built_site, "zh", "/")


LOCAL_URL = re.compile(r'(?:href|src)="([^"#?:]+)"|"search": "([^"]+)"')
FILE_NAME = re.compile(r"[^/.]\.[A-Za-z0-9]+$")


def test_the_chinese_edition_serves_no_second_copy_of_an_english_asset(built_site):
    english = {p.relative_to(built_site).as_posix() for p in (built_site / "assets").rglob("*")}
    for own in (built_site / "zh" / "assets").rglob("*"):
        name = own.relative_to(built_site / "zh").as_posix()
        if own.is_file() and name in english and not name.endswith(("LICENSE", "VERSION")):
            assert own.read_bytes() != (built_site / name).read_bytes(), name


def test_every_file_a_chinese_page_loads_by_a_relative_url_exists(built_site):
    for page in (built_site / "zh").rglob("*.html"):
        for match in LOCAL_URL.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if url.startswith("/") or not FILE_NAME.search(url):
                continue  # absolute, or a page (the link checker's job)
            assert (page.parent / url).resolve().is_file(), (page, url)


def test_shared_assets_move_only_identical_files_named_by_relative_urls(tmp_path):
    share_assets = load_hook("translations").share_assets
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "same.js").write_text("same")
    (tmp_path / "assets" / "same.js.map").write_text("map")
    (tmp_path / "assets" / "differs.css").write_text("english")
    own = tmp_path / "zh" / "assets"
    own.mkdir(parents=True)
    (own / "same.js").write_text("same")
    (own / "same.js.map").write_text("map")
    (own / "differs.css").write_text("chinese")
    (own / "kept.js").write_text("only here")
    page = tmp_path / "zh" / "policy" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<script src="../assets/same.js"></script><link href="../assets/differs.css">'
        '<script src="../assets/kept.js"></script><a href="https://example.org/assets/same.js">'
    )
    assert share_assets(tmp_path, "zh") == ["assets/same.js"]
    text = page.read_text()
    assert 'src="../../assets/same.js"' in text
    assert 'href="../assets/differs.css"' in text and 'src="../assets/kept.js"' in text
    assert "https://example.org/assets/same.js" in text
    assert sorted(p.name for p in own.iterdir()) == ["differs.css", "kept.js"]


def search_index(site, language: str) -> dict:
    folder = site / ("zh" if language == "zh" else "") / "search" / "search_index.json"
    return json.loads(folder.read_text(encoding="utf-8"))


def test_chinese_search_index_cuts_sentences_into_words(built_site):
    index = search_index(built_site, "zh")
    separator = re.compile(index["config"]["separator"])
    home = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("#"))
    words = set(separator.split(re.sub(r"<[^>]+>", " ", home)))
    # From the sentence "…一份默克尔证明、一个挖出的区块、一次被拒绝的双花…": whole words
    # (the course's terms from hooks/jieba_terms.txt among them), not the sentence.
    assert {"默克尔证明", "区块", "双花"} <= words

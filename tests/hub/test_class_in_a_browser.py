"""What a student and the instructor see of `make class`, in headless Chromium.

The instructor releases the first exercise (formgrader API); then a student
logs in through the login form, JupyterLab opens, the Nbgrader menu offers
the Assignment List and no Formgrader, and the released assignment is fetched
with the panel's Fetch button; the instructor's Nbgrader menu has the
Formgrader. Screenshots go to build/screenshots/class-*.png for a human.
"""

import tempfile

import pytest

from minichain.hub.client import Hub
from minichain.hub.layout import new_settings
from minichain.hub.process import start
from tests.course import EXERCISES, ROOT
from tests.hub import classroom
from tests.test_browser import CHROMIUM_FLAGS, require_browser

pytestmark = pytest.mark.heavy
SCREENSHOTS = ROOT / "build" / "screenshots"
LAB_S = 180_000  # milliseconds: the first JupyterLab page on a busy machine


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    classroom.need_proxy()
    settings = new_settings(
        tmp_path_factory.mktemp("class") / "class", port=classroom.free_ports(), students=1
    )
    running = start(settings, EXERCISES)
    try:
        driver = Hub(settings.url, settings.driver_token)
        driver.start_servers((settings.instructor,), timeout=classroom.SERVER_START_S)
        teacher = driver.as_user(settings.instructor)
        grader = f"/formgrader/api/assignment/{classroom.ASSIGNMENT}"
        classroom.ok(teacher.json("POST", f"{grader}/assign"), "generate")
        classroom.ok(teacher.json("POST", f"{grader}/release"), "release")
        yield settings
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    sync_playwright, binary = require_browser()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=binary,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 800},
        )
        yield context
        context.close()


def log_in(context, settings, user, password):
    """The login form, then JupyterLab once the hub has started the user's server."""
    context.clear_cookies()  # nobody else's session
    page = context.new_page()
    page.set_default_timeout(LAB_S)
    page.goto(f"{settings.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**")
    page.wait_for_selector("#jp-main-dock-panel")
    page.wait_for_selector("text=Nbgrader")
    return page


def nbgrader_menu(page):
    page.click("text=Nbgrader")
    menu = page.locator("#jp-mainmenu-nbgrader")
    menu.wait_for()
    items = [text.strip() for text in menu.locator(".lm-Menu-itemLabel").all_inner_texts()]
    return [item for item in items if item]


def test_a_student_sees_the_assignment_list_fetches_and_has_no_formgrader(hub, browser):
    page = log_in(browser, hub, hub.students[0], hub.student_password)
    items = nbgrader_menu(page)
    assert "Assignment List" in items
    assert "Formgrader" not in items and "Course List" not in items
    page.click("#jp-mainmenu-nbgrader >> text=Assignment List")
    fetch = page.locator("#released_assignments_list button", has_text="Fetch")
    fetch.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "class-student-released.png"))
    assert page.locator("text=Would you like to get notified").count() == 0  # no news offer
    fetch.click()
    downloaded = page.locator("#fetched_assignments_list", has_text=classroom.ASSIGNMENT)
    downloaded.wait_for()
    page.screenshot(path=str(SCREENSHOTS / "class-student-fetched.png"))
    assert (hub.home(hub.students[0]) / classroom.ASSIGNMENT / "evidence_hash.ipynb").is_file()
    page.close()


def test_the_instructor_has_the_formgrader(hub, browser):
    page = log_in(browser, hub, hub.instructor, hub.instructor_password)
    assert "Formgrader" in nbgrader_menu(page)
    page.screenshot(path=str(SCREENSHOTS / "class-instructor-menu.png"))
    page.close()

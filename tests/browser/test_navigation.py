"""Phone and tablet navigation: the menu buttons a reader sees open their sidebars.

pydata-sphinx-theme 0.17 hooks its sidebar dialogs to the first ``.primary-toggle`` /
``.secondary-toggle``, a hidden copy, so on sphinx-book-theme the visible buttons did nothing
(pydata-sphinx-theme issue #2451); psoas_course.site.theme_fixes forwards their clicks.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LESSON = "notebooks/02-how-the-psoas-moves-you.html"
WIDTHS = [375, 800]


def visible_button(page, css):
    buttons = page.locator(css).filter(visible=True)
    assert buttons.count() >= 1, f"no visible {css} on {LESSON}"
    return buttons.first


@pytest.fixture
def phone_page(browser, base_url, request):
    width = request.param
    ctx = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
    page = ctx.new_page()
    page.set_default_timeout(5000)
    page.goto(base_url + LESSON)
    yield page
    ctx.close()


@pytest.mark.parametrize("phone_page", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_site_menu_opens_and_its_links_lead_on(phone_page):
    page = phone_page
    dialog = page.locator("#pst-primary-sidebar-modal")
    visible_button(page, ".primary-toggle").click()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
    link = dialog.locator("a.reference.internal", has_text="Meet the psoas").first
    assert link.is_visible(), "the site menu opened, but its lesson links are not visible"
    link.click()
    page.wait_for_url("**/01-meet-the-psoas.html*")


@pytest.mark.parametrize("phone_page", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_contents_menu_opens_and_jumps_to_a_section(phone_page):
    page = phone_page
    visible_button(page, ".secondary-toggle").click()
    page.wait_for_function("() => document.querySelector('#pst-secondary-sidebar-modal').open")
    link = page.locator("#pst-secondary-sidebar-modal a.nav-link").nth(1)
    assert link.is_visible(), "the contents menu opened, but its section links are not visible"
    target = link.get_attribute("href")
    assert target and target.startswith("#"), target
    link.click()
    page.wait_for_function(f"() => location.hash === {target!r}")

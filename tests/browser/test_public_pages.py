import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_start_page_is_right_to_left_and_the_switcher_keeps_the_page(
    live_server, bensheim, page, screenshot
):
    page.goto(f"{live_server.url}/ar/bensheim/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The header's brand sits on the right in a right-to-left page.
    brand = page.locator(".site-brand").bounding_box()
    assert brand["x"] > 1280 / 2
    screenshot(page, "town-home-ar-desktop")

    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(f"{live_server.url}/de/bensheim/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text().startswith("Willkommen")
    screenshot(page, "town-home-de-desktop")


def test_language_switcher_works_by_keyboard_on_a_phone(live_server, bensheim, phone, screenshot):
    phone.goto(f"{live_server.url}/de/bensheim/")
    phone.locator(".language-switcher summary").focus()
    phone.keyboard.press("Enter")
    ukrainian = phone.get_by_role("link", name="Українська")
    ukrainian.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/uk/bensheim/")
    assert phone.locator("html").get_attribute("lang") == "uk"
    screenshot(phone, "town-home-uk-phone")
    phone.goto(f"{live_server.url}/fa/bensheim/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    screenshot(phone, "town-home-fa-phone")

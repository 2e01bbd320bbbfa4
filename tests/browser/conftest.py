import pytest

# The two sizes every reader journey runs at.
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def open_reader(browser):
    """``open_reader(device, js=True, scheme="light")``: a page in a fresh browser context (its
    own cookies), at a size of :data:`VIEWPORTS`, with or without JavaScript, in a colour
    scheme; all closed after the test."""
    contexts = []

    def open_(device: str = "desktop", js: bool = True, scheme: str = "light"):
        context = browser.new_context(
            locale="de-DE",
            viewport=VIEWPORTS[device],
            java_script_enabled=js,
            color_scheme=scheme,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()

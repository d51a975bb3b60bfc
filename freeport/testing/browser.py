"""Browser test harness, a pytest plugin registered in freeport/conftest.py.

Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's sync API against
pytest-django's `live_server`; they are marked `browser`. Fixtures:

- `browser` (session): one headless Chromium;
- `page`: a fresh context (no cookies) per test, locale zh-CN, 1280×900, 15 s timeouts;
- `shot`: `shot(page, name)` saves a full-page screenshot to test-artifacts/<name>.png
  (gitignored) for a human look;
- `axe_check`: `axe_check(page, label)` runs axe-core and fails listing every serious or
  critical violation.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh context per test: a Chinese-speaking phone-or-laptop visitor, no cookies."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot of `page` to test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def shot():
    """Save a full-page screenshot to test-artifacts/<name>.png (gitignored)."""
    return screenshot


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str) -> dict:
        results = axe.run(page)
        violations = results.response["violations"]
        bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
        if bad:
            lines = [f"axe: {len(bad)} serious/critical violation(s) on {label} ({page.url})"]
            for v in bad:
                lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                for node in v["nodes"][:5]:
                    lines.append(f"    {', '.join(map(str, node['target']))}")
                    lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' ')}")
            pytest.fail("\n".join(lines), pytrace=False)
        return results.response

    return check


def signed_in_as(page, live_server, user, *, language: str = "en") -> None:
    """Sign `user` in for `page` without the login form (a session made by the test client,
    its cookie handed to the browser), in `language`."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = live_server.url + "/"
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
        ]
    )

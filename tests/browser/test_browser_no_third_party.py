"""Privacy: a visitor's browser talks to our server only (no icon, font or script from a third party)."""
from urllib.parse import urlparse

import pytest

from tests.browser import harness

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["/", "/eligibility", "/photo", "/helpdesk"])
def test_pages_request_nothing_from_other_hosts(page, base_url, url):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    harness.open_page(page, url)
    page.wait_for_load_state("networkidle")  # lazily loaded parts of the front end too
    ours = urlparse(base_url).hostname
    assert hosts - {ours, None} == set(), f"requests to other hosts: {sorted(hosts - {ours, None})}"

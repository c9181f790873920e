"""Is this request a crawler or an automated browser? Crawlers are never counted.

User agents are matched against the ``crawler-user-agents`` list (the community-maintained
list of ~1,500 bot patterns also used by many analytics tools), plus signals that headless
browsers give away even when they run JavaScript.
"""

from __future__ import annotations

import re
from functools import lru_cache

import crawleruseragents

# Automation frameworks and headless browsers that execute JavaScript, and so would get past
# "count in JS only" if their user agent were trusted.
_HEADLESS = re.compile(
    r"HeadlessChrome|PhantomJS|SlimerJS|Playwright|Puppeteer|Selenium|WebDriver|Nightmare"
    r"|jsdom|Cypress|Zombie\.js|HtmlUnit|Splash|Prerender|Lighthouse|Chrome-Lighthouse",
    re.IGNORECASE,
)
_MAX_UA_LENGTH = 512


@lru_cache(maxsize=4096)
def is_crawler_user_agent(user_agent: str) -> bool:
    """True for an empty, absurdly long, known-crawler or headless-browser user agent."""
    agent = user_agent.strip()
    if not agent or len(agent) > _MAX_UA_LENGTH:
        return True
    if _HEADLESS.search(agent):
        return True
    return crawleruseragents.is_crawler(agent)


def is_automated(*, user_agent: str, accept_language: str, webdriver: bool = False) -> bool:
    """True when the request should not count: a crawler by user agent, a browser that says it
    is driven by automation (``navigator.webdriver``), or a client without Accept-Language
    (every real browser sends it with a fetch)."""
    if webdriver:
        return True
    if not accept_language.strip():
        return True
    return is_crawler_user_agent(user_agent)

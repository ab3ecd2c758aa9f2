"""Tag pages (`TAG_SAVE_AS`), written by confnotes instead of by Pelican.

Pelican lists a tag's notes in date order by testing every note of the site against the tag's
list, once per tag: quadratic, about 1.7 s of a 20,000-note build, on one core.  confnotes
writes the same pages, with Pelican's `tag` template and the variables Pelican gives it, and
orders each tag's notes by one lookup per note.  Pelican's tag feeds read the same lists, so
while one of them is switched on, Pelican keeps its tags and writes these pages itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .outputs import Output, Site

TAG_FEED_SETTINGS = ("TAG_FEED_ATOM", "TAG_FEED_RSS")


def confnotes_writes_tag_pages(settings: dict[str, Any]) -> bool:
    """Whether confnotes, not Pelican, writes the tag pages of a site with these settings."""
    return bool(settings.get("TAG_SAVE_AS")) and not any(
        settings.get(name) for name in TAG_FEED_SETTINGS)


def tag_outputs(site: Site) -> Iterator[Output]:
    """One page per tag, with the variables Pelican's own tag pages get."""
    if not confnotes_writes_tag_pages(site.settings):
        return
    position = {id(article): index for index, article in enumerate(site.dates)}
    for tag, articles in site.tags.items():
        def make_context(tag: Any = tag, articles: list[Any] = articles) -> dict[str, Any]:
            return {"tag": tag, "articles": articles,
                    "dates": sorted(articles, key=lambda article: position[id(article)]),
                    "template_name": "tag", "blog": True, "page_name": tag.page_name,
                    "all_articles": site.articles}

        yield Output(tag.save_as, "tag",
                     f"tag {tag.name!r} (used by {articles[0].relative_source_path})",
                     make_context)

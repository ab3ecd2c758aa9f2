"""Development settings for the bundled sample confnotes site.

Paths are absolute (computed from this file) so that other settings files, such as the
benchmark's or the tests', can import this one from anywhere.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "confnotes"
SITESUBTITLE = "Notes from Django and Python conferences"
# Where `invoke serve`, `livereload` and `preview` serve the site: their --bind and --port flags
# set CONFNOTES_BIND and CONFNOTES_PORT, so links and feeds follow the address really served.
# The port is kept as written: the tasks that serve check it, and no other task fails on it.
DEV_BIND = os.environ.get("CONFNOTES_BIND", "127.0.0.1")
DEV_PORT = os.environ.get("CONFNOTES_PORT", "8000")
SITEURL = f"http://{DEV_BIND}:{DEV_PORT}"  # pages use relative URLs
AUTHOR = "The confnotes sample blogger"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"  # as the theme writes dates: 8 September 2025

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
# Rebuilds reuse parsed notes and skip unchanged pages (see docs/architecture.md).
CACHE_PATH = str(ROOT / "cache")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Uncompressed: gzip took 4.7 s of a 20,000-note build, on one core while the other waited,
# to make the cache 17 MB instead of 60 MB.
GZIP_CACHE = False
PLUGINS = ["confnotes"]

# Profiles are read by the confnotes plugin, never published as articles or pages: one folder
# per kind of entity (plugins/confnotes/graph/kinds.py; a test checks they agree).
ARTICLE_EXCLUDES = ["speakers", "packages", "events", "rooms", "pages"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]

# Dates come from the notes' headers, never from file times.
DEFAULT_DATE = None
# A note's slug is its file name, so editing a title never moves its URL.
SLUGIFY_SOURCE = "basename"
# Notes that share a file name at different events are different notes, not translations.
ARTICLE_TRANSLATION_ID = None
# Metadata is plain text: a Summary is shown as written (escaped), never rendered as Markdown.
FORMATTED_FIELDS = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "notes"

# Every URL ends in "/" and is served as index.html.  Notes without an event live under
# notes/; notes with one are moved under their event's slug by the plugin.
ARTICLE_URL = "notes/{slug}/"
ARTICLE_SAVE_AS = "notes/{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"

# The note's Author is its writer; speakers have their own pages.  Every note sits in one
# category ("notes": the reader sets it, as Pelican 4.12's drafts need one); its page is not
# written: it would list every note again, as the archives do.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_URL = "tags/"
ARCHIVES_URL = "archives/"
DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 40

# Every feed is written by confnotes (CONFNOTES["FEED_*"] below, docs/feeds.md): Pelican's own
# feeds are all off.  FEED_DOMAIN is left unset so that Pelican makes it SITEURL.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

RELATIVE_URLS = True
# Each build makes a fresh Jinja environment, so templates need no re-checking on disk.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "auto_reload": False}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# All of the plugin's settings live under one name; see docs/settings.md.
CONFNOTES = {
    "STRICT": False,
    # Feeds: the site's, and one per event, series, speaker, package and tag page.
    "FEEDS": True,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "FEED_ALL_JSON": "feeds/all.json",
    "FEED_OPML": "feeds/opml.xml",
    "FEED_MAX_ITEMS": 50,
    "FEED_ALL_MAX_ITEMS": 100,
    # Extra filtered feeds for planets, e.g. feeds/django/atom.xml:
    # "FEED_PLANETS": ({"SLUG": "django", "TITLE": "Django notes", "TAGS": ("django",),
    #                   "EVENTS": ("djangocon-*",)},),
}

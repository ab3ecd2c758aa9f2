"""Publishing settings: only what differs from pelicanconf.py."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = os.environ.get("CONFNOTES_SITEURL", "https://confnotes.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False  # a published site is always built from scratch

# Publishing is strict: any bad note stops the build instead of being left out.
CONFNOTES = {**CONFNOTES, "STRICT": True}

# Drafts are never published: with no URL and no file name, Pelican writes no page for them
# (notes' and pages'), and nothing lists them.  Development builds keep them under drafts/.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# The live-reload script is for `invoke livereload` only: a published site does not carry it.
IGNORE_FILES = ["**/.*", "livereload.js"]  # Pelican's default, and the script

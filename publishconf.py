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

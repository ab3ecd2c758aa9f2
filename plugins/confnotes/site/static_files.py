"""Static files under the confinement rule: none is copied from outside the content folder,
none is copied to outside the output folder.

Pelican finds static files in `STATIC_PATHS` and in `{static}`/`{attach}` links, and follows
both out of the content folder (`{static}/../tasks.py`, a symbolic link to `/etc`).  Before it
copies them, the ones that lead outside are taken out of its list, with an error naming the
file and the notes that link to it.

Pelican copies static files and the theme's own without its Writer, so the writer's check never
sees them: a symbolic link left in the output folder (`output/images` -> elsewhere) would carry
the copies out.  Their destinations are checked here too, before anything is copied.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from ..confine import ConfinedFolder, ConfinementError, output_path_problem

logger = logging.getLogger(__name__)

OUTPUT_LINK = "its copy would go through a symbolic link out of the output folder"
LINKING_CONTENT = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def confine_static_files(context: dict[str, Any], settings: dict[str, Any],
                         allow_outside: bool) -> None:
    """Take every static file that leads out of the content folder, or whose copy would
    leave the output folder through a symbolic link, out of Pelican's list (in place), logging
    one error for each."""
    statics = context.get("staticfiles")
    if not statics:
        return
    output = ConfinedFolder(settings["OUTPUT_PATH"])  # one per build: folders seen once
    refused = [(static, why) for static in statics
               if (why := _problem(static, settings["PATH"], allow_outside)
                   or _output_problem(static, output)) is not None]
    for static, why in refused:
        path = static.relative_source_path
        users = sorted(_linked_from(context, path))
        named = f"{', '.join(users)}: the link to {path!r}" if users else f"{path}: this file"
        if why.startswith(OUTPUT_LINK):
            logger.error("%s is not copied: %s", named, why)
        else:
            logger.error("%s leads %s; it is not published. Keep static files inside the "
                         "content folder%s.", named, why,
                         " (or set CONFNOTES['FOLLOW_OUTSIDE_LINKS'] = True)"
                         if "symbolic link" in why else "")
        statics.remove(static)
        context.get("static_content", {}).pop(path, None)
        # Pelican's own record of a file that failed: strict builds and `check` fail on it.
        context.setdefault("generated_content", {})[path] = None


def _problem(static: Any, content_root: str, allow_outside: bool) -> str | None:
    """Where a static file wrongly leads, or None."""
    source = static.relative_source_path
    target = os.path.realpath(os.path.join(content_root, source))
    if os.path.normpath(source).split(os.sep)[0] == ".." or os.path.isabs(source):
        return f"outside the content folder (to {target})"
    try:
        ConfinedFolder(content_root).check(source)
    except ConfinementError:
        if not allow_outside:
            return f"outside the content folder through a symbolic link (to {target})"
    problem = output_path_problem(static.save_as)
    if problem is not None:
        return f"to an output path that cannot be written ({static.save_as!r}: {problem})"
    return None


def _output_problem(static: Any, output: ConfinedFolder) -> str | None:
    """Why a static file's copy would land outside the output folder, or None."""
    try:
        output.check(static.save_as)
    except ConfinementError as error:
        return output_link_problem(error)
    return None


def output_link_problem(error: ConfinementError) -> str:
    """What to say of a copy refused by the output folder's check: the link, and what to do."""
    return (f"{OUTPUT_LINK} ({error}) Remove that link from the output folder (the build "
            "makes its own folders) and build again.")


def theme_output_problem(settings: dict[str, Any], theme: str) -> str | None:
    """Why the theme's static files cannot be copied to `THEME_STATIC_DIR` in the output
    folder (a symbolic link there leads out of it), or None.

    Checks the destination of every file Pelican will copy from `THEME_STATIC_PATHS`.
    """
    output = ConfinedFolder(settings["OUTPUT_PATH"])
    destination = settings.get("THEME_STATIC_DIR") or "theme"
    try:
        output.check(destination)
        for static_path in settings.get("THEME_STATIC_PATHS") or ():
            source = os.path.join(theme, static_path)
            if os.path.isfile(source):
                output.check(os.path.join(destination, os.path.basename(static_path)))
            for folder, _, files in os.walk(source, followlinks=True):
                relative = os.path.relpath(folder, source)
                for name in files:
                    output.check(os.path.normpath(os.path.join(destination, relative, name)))
    except ConfinementError as error:
        return f"The theme's static files are not copied: {output_link_problem(error)}"
    return None


def _linked_from(context: dict[str, Any], path: str) -> Iterator[str]:
    """The content files whose `{static}`/`{attach}` links name `path`."""
    for key in LINKING_CONTENT:
        for content in context.get(key) or ():
            if path in content.get_static_links():
                yield content.relative_source_path

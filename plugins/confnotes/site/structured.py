"""Structured data: absolute URLs and schema.org JSON-LD dicts for every kind of page.

Pure: values in, plain dicts out.  Templates print a dict with Jinja's `tojson` filter, which
escapes `<`, `>`, `&` and `'`, so a title holding `</script>` cannot end the JSON-LD element.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from ..content.limits import SPEAKERS_SHOWN
from ..content.moments import rfc3339
from ..graph.entities import Event, Package, Room, Series, Speaker, Talk

CONTEXT = "https://schema.org"
WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class StructuredData:
    """Builds JSON-LD for one site; templates reach it as `confnotes_jsonld`."""

    site_url: str
    site_name: str
    description: str = ""
    lang: str = "en"

    # -- URLs ----------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The absolute URL of a site-relative path such as `speakers/x/` ("" is the home)."""
        return f"{self.site_url}/{path.lstrip('/')}"

    def absolute(self, href: str, output_file: str) -> str:
        """An href as written on the page saved at `output_file`, made absolute.

        With RELATIVE_URLS templates write `../../x/`; that resolves against the page's own URL.
        An empty href is the page's own URL.
        """
        page = self.url(output_file.removesuffix("index.html"))
        href = href.strip()
        if not href:
            return page
        return urljoin(page, href)

    # -- pages ---------------------------------------------------------------------------------

    def website(self) -> dict[str, Any]:
        """The home page: the WebSite, with a search action pointing at /search/?q=."""
        return _clean({
            "@context": CONTEXT, **self._website_ref(), "description": self.description,
            "inLanguage": self.lang,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint",
                           "urlTemplate": self.url("search/") + "?q={search_term_string}"},
                "query-input": "required name=search_term_string",
            },
        })

    def web_page(self, name: str, url: str, kind: str = "WebPage") -> dict[str, Any]:
        """Any other page (an index, a tag, the search page): its name, URL and site."""
        return _clean({"@context": CONTEXT, "@type": kind, "@id": url, "name": name, "url": url,
                       "inLanguage": self.lang, "isPartOf": self._website_ref()})

    def note(self, article: Any) -> dict[str, Any]:
        """A note: a BlogPosting `about` the talk(s) it covers, each an Event."""
        url = self.url(article.url)
        view = getattr(article, "confnotes", None)
        talks = view.talks if view is not None else ()
        modified = getattr(article, "modified", None) or article.date
        about = [self.talk(talk) for talk in talks]
        return _clean({
            "@context": CONTEXT, "@type": "BlogPosting", "@id": url + "#note", "url": url,
            "mainEntityOfPage": url, "headline": str(article.title)[:110],
            "name": str(article.title),
            "description": html_to_text(getattr(article, "summary", "") or ""),
            "datePublished": rfc3339(article.date), "dateModified": rfc3339(modified),
            "inLanguage": getattr(article, "lang", "") or self.lang,
            "author": [_person_name(author.name) for author in getattr(article, "authors", ())],
            "keywords": [tag.name for tag in getattr(article, "tags", None) or ()],
            "about": about[0] if len(about) == 1 else about,
            "mentions": [self._package_ref(p) for p in (view.packages if view else ())],
            "isPartOf": self._website_ref(),
        })

    def talk(self, talk: Talk, with_event: bool = True,
             performers: int | None = None) -> dict[str, Any]:
        """One talk as an Event: its performers (the first `performers` of them when given)
        and (optionally) the event it was part of."""
        url = self.url(talk.url)
        data: dict[str, Any] = {
            "@type": "Event", "@id": url if talk.anchor else url + "#talk", "name": talk.title,
            "url": url, "startDate": rfc3339(talk.date.date()),
            "performer": [self._person_ref(s) for s in talk.speakers[:performers]],
            "about": [self._package_ref(p) for p in talk.packages],
        }
        if with_event and talk.event is not None:
            data["superEvent"] = self._event_ref(talk.event)
            data["location"] = _place(talk.event)
        return _clean(data)

    def event(self, event: Event, talks: Iterable[Talk] = ()) -> dict[str, Any]:
        """An event page: the Event, its dates and place, its series and its talks."""
        return _clean({
            "@context": CONTEXT, **self._event_ref(event),
            "description": f"Notes from {event.name}",
            "sameAs": _web_urls([event.website]),
            "superEvent": self._series_ref(event.series) if event.series else None,
            "subEvent": [self.talk(t, with_event=False) for t in talks],
        })

    def room(self, room: Room, talks: Iterable[Talk] = ()) -> dict[str, Any]:
        """A room page: a Place, with the talks given there as its events."""
        url = self.url(room.url)
        return _clean({
            "@context": CONTEXT, "@type": "Place", "@id": url + "#place", "name": room.name,
            "url": url, "alternateName": list(room.aliases),
            "maximumAttendeeCapacity": int(room.capacity) if room.capacity.isdigit() else None,
            "event": [self.talk(t, with_event=False) for t in talks],
            "mainEntityOfPage": url,
        })

    def series(self, series: Series, events: Iterable[Event]) -> dict[str, Any]:
        """A series page: an EventSeries with its editions."""
        return _clean({"@context": CONTEXT, **self._series_ref(series),
                       "subEvent": [self._event_ref(e) for e in events]})

    def person(self, speaker: Speaker, talks: Iterable[Talk] = ()) -> dict[str, Any]:
        """A speaker page: the Person, their profiles elsewhere and the talks they gave."""
        return _clean({
            "@context": CONTEXT, **self._person_ref(speaker),
            "alternateName": list(speaker.aliases),
            "sameAs": _web_urls(speaker_links(speaker)),
            "affiliation": ({"@type": "Organization", "name": speaker.affiliation}
                            if speaker.affiliation else None),
            # Each talk names its first few performers: a speaker page of a talk with a
            # thousand speakers must not name them all, on each of their thousand pages.
            "performerIn": [self.talk(t, performers=SPEAKERS_SHOWN) for t in talks],
            "mainEntityOfPage": self.url(speaker.url),
        })

    def package(self, package: Package, talks: Iterable[Talk] = ()) -> dict[str, Any]:
        """A package page: SoftwareSourceCode with its repository and the talks about it."""
        return _clean({
            "@context": CONTEXT, **self._package_ref(package),
            "alternateName": list(package.aliases),
            "description": html_to_text(package.summary),
            "codeRepository": web_url(package.repository),
            "programmingLanguage": "Python" if package.pypi else None,
            "sameAs": _web_urls([pypi_url(package.pypi), package.documentation]),
            "subjectOf": [self.talk(t, performers=SPEAKERS_SHOWN) for t in talks],
            "mainEntityOfPage": self.url(package.url),
        })

    # -- references ----------------------------------------------------------------------------

    def _website_ref(self) -> dict[str, Any]:
        site = self.url("")
        return {"@type": "WebSite", "@id": site + "#website", "name": self.site_name, "url": site}

    def _person_ref(self, speaker: Speaker) -> dict[str, Any]:
        url = self.url(speaker.url)
        return {"@type": "Person", "@id": url + "#person", "name": speaker.name, "url": url}

    def _package_ref(self, package: Package) -> dict[str, Any]:
        url = self.url(package.url)
        return {"@type": "SoftwareSourceCode", "@id": url + "#package", "name": package.name,
                "url": url}

    def _series_ref(self, series: Series) -> dict[str, Any]:
        url = self.url(series.url)
        return {"@type": "EventSeries", "@id": url + "#series", "name": series.name, "url": url}

    def _event_ref(self, event: Event) -> dict[str, Any]:
        url = self.url(event.url)
        return _clean({"@type": "Event", "@id": url + "#event", "name": event.name, "url": url,
                       "startDate": rfc3339(event.start), "endDate": rfc3339(event.end),
                       "location": _place(event)})


def template_globals(settings: Mapping[str, Any]) -> dict[str, Any]:
    """What templates get: the absolute site URL and the JSON-LD builder."""
    site_url = str(settings.get("SITEURL") or "").rstrip("/")
    builder = StructuredData(site_url=site_url, site_name=str(settings.get("SITENAME", "")),
                             description=str(settings.get("SITESUBTITLE") or ""),
                             lang=str(settings.get("DEFAULT_LANG") or "en"))
    return {"ABSOLUTE_SITEURL": site_url, "confnotes_jsonld": builder}


def speaker_links(speaker: Speaker) -> list[str]:
    """A speaker's profiles elsewhere as URLs (website, Mastodon, Bluesky, GitHub)."""
    links = [speaker.website]
    if speaker.mastodon:
        links.append(mastodon_url(speaker.mastodon))
    links.append(bluesky_url(speaker.bluesky))
    links.append(github_url(speaker.github))
    return links


def mastodon_url(value: str) -> str:
    """A Mastodon URL as is, or `@user@host` made into https://host/@user ("" otherwise)."""
    value = value.strip()
    if value.lower().startswith(WEB_SCHEMES):
        return value
    parts = value.lstrip("@").split("@")
    return f"https://{parts[1]}/@{parts[0]}" if len(parts) == 2 else ""


def bluesky_url(value: str) -> str:
    """A Bluesky profile URL from a URL or a handle ("" when absent)."""
    return _handle_url(value, "https://bsky.app/profile/") if value else ""


def github_url(value: str) -> str:
    """A GitHub profile URL from a URL or a user name ("" when absent)."""
    return _handle_url(value, "https://github.com/") if value else ""


def pypi_url(value: str) -> str:
    """A PyPI project URL from a URL or a project name ("" when absent)."""
    return _handle_url(value, "https://pypi.org/project/", "/") if value else ""


def _handle_url(value: str, prefix: str, suffix: str = "") -> str:
    """A URL as is, or a handle (`@name`, `name`) made into prefix + name + suffix."""
    value = value.strip()
    if value.lower().startswith(WEB_SCHEMES):
        return value
    return f"{prefix}{value.lstrip('@/')}{suffix}"


def web_url(value: str) -> str:
    """An http(s) URL, `example.org` made into https://example.org, anything else dropped."""
    value = (value or "").strip()
    if value.lower().startswith(WEB_SCHEMES):
        return value
    if value and ":" not in value.split("/")[0]:
        return "https://" + value.lstrip("/")
    return ""


def _web_urls(values: Iterable[str]) -> list[str]:
    """The web URLs among the values, without repeats."""
    return list(dict.fromkeys(url for url in map(web_url, values) if url))


def _place(event: Event) -> dict[str, Any] | None:
    """The event's city and country as a Place, or None."""
    if not (event.city or event.country):
        return None
    name = ", ".join(part for part in (event.city, event.country) if part)
    return _clean({"@type": "Place", "name": name,
                   "address": _clean({"@type": "PostalAddress", "addressLocality": event.city,
                                      "addressCountry": event.country})})


def _person_name(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}



def html_to_text(value: str) -> str:
    """HTML (a Pelican summary, a profile's summary) as plain text, entities decoded."""
    return Markup(str(value)).striptags()


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """The dict without empty values (None, "", [] and {})."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}

"""Generate a synthetic, deterministic confnotes content folder for benchmarks.

The corpus follows sections 1 and 2 of the content-format contract: notes under
``content/<event-slug>/`` (a few under ``content/misc/``), multi-talk ``lightning`` notes,
and profiles under ``content/events/``, ``content/speakers/`` and ``content/packages/``.
Everything scales from the number of notes, and a seed always yields the same files.
"""

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

FIRST_NAMES = (
    "Adele", "Ahmed", "Aisha", "Alba", "Alessandro", "Alice", "Amara", "Ana", "Andrea", "Anika",
    "Anna", "Antoine", "Arjun", "Astrid", "Beatriz", "Benedikt", "Bruno", "Camille", "Carla",
    "Carlos", "Chiara", "Chloé", "Clara", "Daniel", "Daria", "David", "Diego", "Dmitri", "Elena",
    "Elif", "Emma", "Enzo", "Erik", "Esther", "Fatima", "Felix", "Filipa", "Francesca", "François",
    "Gabriel", "Giulia", "Hana", "Hannah", "Héctor", "Hugo", "Ines", "Ingrid", "Isaac", "Ivan",
    "Jakub", "Jan", "Jana", "Javier", "Jonas", "José", "Julia", "Kai", "Karin", "Kenji", "Lara",
    "Laura", "Lea", "Leila", "Leon", "Lina", "Lorenzo", "Luca", "Lucía", "Maja", "Marco", "Maria",
    "Mateo", "Matteo", "Mei", "Mia", "Mikael", "Nadia", "Naomi", "Nico", "Nina", "Noah", "Olga",
    "Omar", "Paolo", "Priya", "Rafael", "Rania", "Renée", "Rosa", "Samir", "Sara", "Sofia",
    "Stefan", "Tariq", "Thomas", "Tomás", "Valentina", "Yusuf", "Zoë", "Zofia",
)
LAST_NAMES = (
    "Abbott", "Acosta", "Adler", "Alvarez", "Andersen", "Arslan", "Bakker", "Barbieri", "Becker",
    "Bennett", "Berg", "Bianchi", "Blanco", "Brandt", "Brennan", "Brooks", "Caruso", "Castro",
    "Chen", "Colombo", "Costa", "Cruz", "Dahl", "Delgado", "Demir", "Dubois", "Duarte", "Eriksen",
    "Esposito", "Fabbri", "Farah", "Fernández", "Ferrari", "Fischer", "Fontana", "Fournier",
    "Galli", "García", "Gerhard", "Gomes", "Greco", "Gruber", "Haas", "Hansen", "Hartmann",
    "Herrera", "Hoffmann", "Horvat", "Ibrahim", "Ivanova", "Jansen", "Jensen", "Jiménez",
    "Kaplan", "Keller", "Khan", "Kim", "Klein", "Koch", "Kowalski", "Krause", "Kumar", "Lambert",
    "Lange", "Larsen", "Laurent", "Lehmann", "Leone", "Lindqvist", "Lombardi", "López", "Lund",
    "Mancini", "Marino", "Martin", "Meier", "Melchiorre", "Mendes", "Meyer", "Moreau", "Moretti",
    "Müller", "Nakamura", "Navarro", "Neumann", "Nielsen", "Novak", "Núñez", "Okafor", "Olsen",
    "Ortega", "Özdemir", "Pace", "Patel", "Peeters", "Pereira", "Petrov", "Pham", "Popescu",
    "Quinn", "Raasch", "Ramos", "Ricci", "Ricaud", "Rinaldi", "Rivera", "Romano", "Rossi",
    "Russo", "Sánchez", "Santoro", "Sato", "Schmidt", "Schneider", "Schulz", "Serra", "Silva",
    "Singh", "Sorensen", "Souza", "Steiner", "Suzuki", "Tanaka", "Torres", "Vidal", "Vogel",
    "Volkov", "Wagner", "Walker", "Weber", "Wolf", "Yamamoto", "Yilmaz", "Young", "Zanetti",
    "Zimmermann", "Zhou",
)
SERIES_PREFIXES = (
    "PyCon", "DjangoCon", "PyData", "SciPy", "FlaskCon", "Wagtail Space", "EuroPy", "PyLadies Con",
    "Django Day", "Python Pizza", "PyBay", "DjangoFest",
)
PLACES = (
    "Atlantis", "Borealis", "Cascadia", "Meridia", "Arcadia", "Hyperborea", "Lemuria", "Avalon",
    "Thule", "Zephyria", "Ostara", "Valoria", "Nordmark", "Solaria", "Elbonia", "Caldera",
    "Vesperia", "Aurelia", "Corvina", "Lyonesse", "Ysolde", "Marenia", "Calvaria", "Estoria",
    "Galdoria", "Helvetia Nova", "Iberis", "Karelia Nova", "Lusitania Nova", "Montania",
    "Norrland Nova", "Orientis", "Pannonia Nova", "Riviera Nova", "Silvania", "Tarsis",
    "Umbria Nova", "Veneria", "Westmarch", "Zenithia",
)
CITIES = (
    ("Lisbon", "Portugal"), ("Porto", "Portugal"), ("Málaga", "Spain"), ("Bilbao", "Spain"),
    ("Kraków", "Poland"), ("Wrocław", "Poland"), ("Zürich", "Switzerland"), ("Bern", "Switzerland"),
    ("Pescara", "Italy"), ("Florence", "Italy"), ("Athens", "Greece"), ("Heidelberg", "Germany"),
    ("München", "Germany"), ("Copenhagen", "Denmark"), ("Edinburgh", "United Kingdom"),
    ("Dublin", "Ireland"), ("Ljubljana", "Slovenia"), ("Porto Alegre", "Brazil"),
    ("Montréal", "Canada"), ("Chicago", "United States"), ("Durham", "United States"),
    ("Cape Town", "South Africa"), ("Nairobi", "Kenya"), ("Bengaluru", "India"), ("Tokyo", "Japan"),
    ("Brisbane", "Australia"), ("Wellington", "New Zealand"), ("Reykjavík", "Iceland"),
)
AFFILIATION_HEADS = (
    "Acme", "Blue Owl", "Corvid", "Delta", "Everfree", "Fjord", "Granite", "Harbor", "Indigo",
    "Juniper", "Kestrel", "Lantern", "Meadow", "Northwind", "Orbit", "Pinecone", "Quartz",
)
AFFILIATION_TAILS = (
    "Labs", "Software", "Consulting", "Foundation", "Analytics", "Studio", "Systems", "Cooperative",
)
PACKAGE_PREFIXES = (
    "django", "pytest", "flask", "sphinx", "wagtail", "celery", "pelican", "fastapi", "sqlalchemy",
    "mkdocs", "aio", "py",
)
TECH_WORDS = (
    "query", "cache", "model", "view", "template", "request", "response", "migration", "server",
    "client", "thread", "worker", "queue", "schema", "field", "index", "signal", "middleware",
    "session", "token", "release", "deploy", "profile", "fixture", "adapter", "database",
    "testing", "async", "typing", "packaging", "container", "pipeline", "library", "framework",
    "community", "maintainer", "contributor", "sprint", "upgrade", "benchmark", "latency",
)
SYLLABLES = (
    "lo", "rem", "ip", "sum", "do", "lor", "sit", "am", "et", "con", "sec", "tur", "ad", "pis",
    "cing", "el", "it", "sed", "ei", "mod", "tem", "por", "in", "ci", "dunt", "ut", "la", "bo",
    "re", "ma", "gna", "al", "iqua", "ve", "ni", "qui", "nos", "tru", "ex", "er", "ta", "tion",
    "ul", "co", "mi", "nim", "par", "ia", "tur", "vo", "lup", "ta", "tas", "no", "bis",
)
TAG_WORDS = (
    "testing", "async", "orm", "deployment", "security", "performance", "accessibility",
    "community", "packaging", "typing", "databases", "templates", "search", "caching",
    "observability", "documentation", "apis", "frontend", "data", "education", "migrations",
    "internationalization", "django-rest", "tooling",
)
NOTE_KINDS = (("talk", 85), ("keynote", 5), ("tutorial", 5), ("panel", 5))
SECTION_SEPARATORS = ((" - ", 80), (" \u2013 ", 10), (" \u2014 ", 10))  # -, en and em dash
FIRST_YEAR = 2011
YEARS = 15
SPEAKER_ZIPF = (1.0, 50.0)  # (exponent, offset): about 10 speakers with 50+ talks at 20,000 notes
PACKAGE_ZIPF = (1.0, 2.0)
SPEAKERS_PER_NOTE = 0.6
PACKAGES_PER_NOTE = 0.075
NOTES_PER_EVENT = 37  # about 540 events in about 60 series at 20,000 notes
EDITIONS_PER_SERIES = 9
MIN_SHAPED_NOTES = 100  # room for every shape of issue 16 on notes of their own


@dataclass(frozen=True)
class CorpusStats:
    """What `generate_corpus` wrote."""

    notes: int
    multi_talk_notes: int
    events: int
    series: int
    speakers: int
    packages: int
    profiles: int


@dataclass(frozen=True)
class _Event:
    """An event as written to its profile."""

    slug: str
    name: str
    series: str
    kind: str
    start: date
    end: date
    city: str
    country: str


@dataclass(frozen=True)
class _Pool:
    """Names ranked from most to least frequent, with Zipf-like cumulative weights."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def draw(self, rng: random.Random) -> str:
        """Draw one name, favouring the prolific ones."""
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]


@dataclass(frozen=True)
class _NotePlan:
    """Everything about one note except its prose."""

    title: str
    slug: str
    event: _Event | None
    kind: str
    speakers: tuple[str, ...]
    packages: tuple[str, ...]
    when: date


def slugify(text: str) -> str:
    """Make a slug the way Pelican does for plain Latin text (diacritics folded)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    return re.sub(r"[-\s]+", "-", cleaned).strip("-")


def pool_sizes(notes: int, known_names: int | None = None) -> tuple[int, int]:
    """Return (speakers, packages) for a corpus; their sum is `known_names` when given."""
    if known_names is None:
        return max(1, round(notes * SPEAKERS_PER_NOTE)), max(10, round(notes * PACKAGES_PER_NOTE))
    if known_names < 2:
        raise ValueError("known_names must be at least 2 (one speaker and one package)")
    share = SPEAKERS_PER_NOTE / (SPEAKERS_PER_NOTE + PACKAGES_PER_NOTE)
    speakers = min(known_names - 1, max(1, round(known_names * share)))
    return speakers, known_names - speakers


def _zipf_cum_weights(size: int, exponent: float, offset: float) -> tuple[float, ...]:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+offset)^exponent for ranks 1..size."""
    return tuple(itertools.accumulate((rank + offset) ** -exponent for rank in range(1, size + 1)))


def _make_vocabulary(rng: random.Random, size: int = 1200) -> tuple[str, ...]:
    """Pseudo-English words (syllable soup plus a few tech words) that never name anything."""
    words = set(TECH_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    return tuple(sorted(w for w in words if len(w) > 1 and w not in PACKAGE_PREFIXES))


def _make_people(rng: random.Random, count: int) -> tuple[str, ...]:
    """Distinct "First Last" names (distinct even after folding case and diacritics)."""
    seen: set[str] = set()
    names: list[str] = []
    misses = 0
    while len(names) < count:
        last = rng.choice(LAST_NAMES)
        if misses > 20:  # plain combinations are running out: go double-barrelled
            last = f"{last}-{rng.choice(LAST_NAMES)}"
        name = f"{rng.choice(FIRST_NAMES)} {last}"
        key = slugify(name)
        if key in seen:
            misses += 1
            continue
        seen.add(key)
        names.append(name)
        misses = 0
    return tuple(names)


def _make_packages(rng: random.Random, count: int, vocab: tuple[str, ...]) -> tuple[str, ...]:
    """Distinct hyphenated package names such as ``django-lorem-sit``."""
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < count:
        parts = [rng.choice(PACKAGE_PREFIXES), *rng.sample(vocab, rng.choice((1, 1, 2)))]
        name = "-".join(parts)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return tuple(names)


def _series_names(rng: random.Random, count: int) -> list[str]:
    """Invented series names such as "PyCon Atlantis", distinct."""
    combos = [f"{prefix} {place}" for prefix in SERIES_PREFIXES for place in PLACES]
    rng.shuffle(combos)
    names = combos[:count]
    round_no = 2
    while len(names) < count:
        names.extend(f"{c} Nova {round_no}" for c in combos[: count - len(names)])
        round_no += 1
    return names


def _edition(rng: random.Random, series: str, year: int, sprint: bool) -> _Event:
    """One edition of a series in a year: a conference or a sprint."""
    name = f"{series} Sprints {year}" if sprint else f"{series} {year}"
    start = date(year, rng.randint(1, 12), rng.randint(1, 28))
    length = rng.randint(1, 3) if sprint else rng.randint(2, 5)
    city, country = rng.choice(CITIES)
    return _Event(slug=slugify(name), name=name, series=series,
                  kind="sprint" if sprint else "conference", start=start,
                  end=start + timedelta(days=length - 1), city=city, country=country)


def _series_editions(rng: random.Random, series: str, count: int) -> list[_Event]:
    """`count` editions of a series over up to YEARS years (sprints fill any overflow)."""
    years = sorted(rng.sample(range(FIRST_YEAR, FIRST_YEAR + YEARS), min(count, YEARS)))
    events = []
    for index in range(count):
        round_no, year = divmod(index, len(years))
        sprint = round_no == 1 or (round_no == 0 and rng.random() < 0.1)
        event = _edition(rng, series, years[year], sprint)
        if round_no >= 2:
            name = f"{event.name} ({round_no})"
            event = replace(event, name=name, slug=slugify(name))
        events.append(event)
    return events


def _make_events(rng: random.Random, count: int, series_count: int) -> list[_Event]:
    """Events spread evenly over the series."""
    events: list[_Event] = []
    for index, series in enumerate(_series_names(rng, series_count)):
        share = count // series_count + (1 if index < count % series_count else 0)
        events.extend(_series_editions(rng, series, share))
    return events


def _deal(rng: random.Random, pool: _Pool, wants: list[int]) -> list[tuple[str, ...]]:
    """Give each note `want` distinct names; each name is dealt at least once if slots allow."""
    size = len(pool.names)
    total = sum(wants)
    slots = list(range(min(size, total)))
    slots += rng.choices(range(size), cum_weights=pool.cum_weights, k=total - len(slots))
    rng.shuffle(slots)
    hands: list[tuple[str, ...]] = []
    position = 0
    for want in wants:
        hand: list[int] = []
        for slot in slots[position:position + want]:
            pick = slot
            while pick in hand:
                pick = rng.choices(range(size), cum_weights=pool.cum_weights)[0]
            hand.append(pick)
        position += want
        hands.append(tuple(pool.names[i] for i in hand))
    return hands


def _dealt(hands: list[tuple[str, ...]]) -> set[str]:
    """All names that appear in some hand."""
    return {name for hand in hands for name in hand}


class _Writer:
    """Makes lorem-like Markdown from a vocabulary, with a random source it owns."""

    def __init__(self, rng: random.Random, vocab: tuple[str, ...]) -> None:
        """Keep the random source and the vocabulary."""
        self.rng = rng
        self.vocab = vocab

    def words(self, low: int, high: int) -> list[str]:
        """Between `low` and `high` random words."""
        return [self.rng.choice(self.vocab) for _ in range(self.rng.randint(low, high))]

    def title_words(self, low: int, high: int) -> str:
        """Capitalised words, for titles and headings."""
        return " ".join(w.capitalize() for w in self.words(low, high))

    def sentence(self, inject: str | None = None) -> str:
        """One sentence, optionally carrying `inject` (a name, link or code span)."""
        words = self.words(6, 16)
        if self.rng.random() < 0.3:
            comma_at = self.rng.randrange(1, len(words) - 1)
            words[comma_at] += ","
        if inject:
            words.insert(self.rng.randint(1, len(words) - 1), inject)
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".......?!")

    def paragraph(self, injects: list[str]) -> str:
        """Three to six sentences carrying the given injections."""
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        for inject in injects:
            index = self.rng.randrange(len(sentences))
            sentences[index] = self.sentence(inject)
        return " ".join(sentences)

    def link(self) -> str:
        """An inline link to example.com."""
        path = "/".join(self.words(1, 3))
        return f"[{' '.join(self.words(1, 4))}](https://example.com/{path})"

    def code_span(self, packages: tuple[str, ...]) -> str:
        """An inline code span, sometimes an install command naming a package."""
        if packages and self.rng.random() < 0.3:
            return f"`pip install {self.rng.choice(packages)}`"
        a, b = self.words(2, 2)
        return self.rng.choice((f"`{a}.{b}()`", f"`{a}_{b}`", f"`{a}={b!r}`"))

    def code_block(self, comment: str | None = None) -> str:
        """A fenced Python block of 5 to 15 lines."""
        w = self.words
        lines = [f"from {w(1, 1)[0]}.{w(1, 1)[0]} import {w(1, 1)[0].capitalize()}", "",
                 f"def {'_'.join(w(2, 2))}({', '.join(w(1, 3))}):"]
        if comment:
            lines.append(f"    # see {comment}")
        while len(lines) < self.rng.randint(5, 15) - 1:
            a, b, c, d = w(4, 4)
            lines.append(self.rng.choice((f"    {a} = {b}.{c}({d})", f"    # {' '.join(w(3, 8))}",
                                          f"    if {a} is None:\n        {b} = {c}",
                                          f"    for {a} in {b}:\n        yield {c}({a})")))
        lines.append(f"    return {w(1, 1)[0]}")
        return "```python\n" + "\n".join(lines) + "\n```"

    def spread(self, injects: list[str], buckets: int) -> list[list[str]]:
        """Distribute injections over `buckets` paragraphs at random."""
        spread: list[list[str]] = [[] for _ in range(buckets)]
        for inject in injects:
            spread[self.rng.randrange(buckets)].append(inject)
        return spread


def _injections(writer: _Writer, plan: _NotePlan, mentions: list[str]) -> list[str]:
    """Names, links and code spans to scatter through a note's prose."""
    rng = writer.rng
    injects = list(mentions)
    if plan.speakers and rng.random() < 0.3:
        injects.append(rng.choice(plan.speakers))
    if plan.packages and rng.random() < 0.3:
        injects.append(rng.choice(plan.packages))
    injects += [writer.link() for _ in range(rng.choice((0, 0, 1, 1, 2)))]
    injects += [writer.code_span(plan.packages) for _ in range(rng.choice((0, 1, 1, 2)))]
    return injects


def _single_body(writer: _Writer, plan: _NotePlan, mentions: list[str]) -> str:
    """Three to six paragraphs, maybe a ### heading and a fenced Python block."""
    rng = writer.rng
    count = rng.randint(3, 6)
    blocks = [writer.paragraph(part)
              for part in writer.spread(_injections(writer, plan, mentions), count)]
    if rng.random() < 0.5:
        heading = writer.title_words(2, 5)
        if plan.packages and rng.random() < 0.2:
            heading += f" with {rng.choice(plan.packages)}"
        blocks.insert(rng.randint(1, len(blocks) - 1), f"### {heading}")
    if rng.random() < 0.3:
        comment = rng.choice(mentions) if mentions and rng.random() < 0.3 else None
        blocks.insert(rng.randint(1, len(blocks)), writer.code_block(comment))
    return "\n\n".join(blocks)


def _multi_body(writer: _Writer, plan: _NotePlan, mentions: list[str]) -> str:
    """An intro, then one ``## Talk title - Speaker`` section per speaker."""
    rng = writer.rng
    blocks = [writer.paragraph([])]
    spread = writer.spread(_injections(writer, plan, mentions), len(plan.speakers))
    titles: set[str] = set()
    for speaker, injects in zip(plan.speakers, spread, strict=True):
        title = writer.title_words(2, 6)
        while title in titles:
            title = writer.title_words(2, 6)
        titles.add(title)
        separator = _weighted(rng, SECTION_SEPARATORS)
        blocks.append(f"## {title}{separator}{speaker}")
        blocks.append(writer.paragraph(injects))
        if rng.random() < 0.4:
            blocks.append(writer.paragraph([]))
    return "\n\n".join(blocks)


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    """Pick from (value, weight) pairs."""
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _mentions(rng: random.Random, speakers: _Pool, packages: _Pool) -> list[str]:
    """Speaker and package names mentioned in the prose of about a third of notes."""
    if rng.random() >= 0.35:
        return []
    return [(speakers if rng.random() < 0.5 else packages).draw(rng)
            for _ in range(rng.randint(1, 3))]


def _note_text(writer: _Writer, plan: _NotePlan, mentions: list[str]) -> str:
    """The full Markdown of one note: header lines, a blank line, the body."""
    rng = writer.rng
    header = [f"Title: {plan.title}", f"Date: {plan.when.isoformat()}"]
    if plan.event:
        header.append(f"Event: {plan.event.slug}")
    if plan.speakers:
        header.append(f"Speakers: {', '.join(plan.speakers)}")
    if plan.packages:
        header.append(f"Packages: {', '.join(plan.packages)}")
    header.append(f"Kind: {plan.kind}")
    if rng.random() < 0.2:
        header.append(f"Tags: {', '.join(rng.sample(TAG_WORDS, rng.randint(1, 3)))}")
    header.append(f"Summary: {writer.sentence()}")
    make_body = _multi_body if plan.kind == "lightning" else _single_body
    return "\n".join(header) + "\n\n" + make_body(writer, plan, mentions) + "\n"


def _unique_title(writer: _Writer, used: set[str], packages: tuple[str, ...], multi: bool) -> str:
    """A title whose slug no other note has."""
    rng = writer.rng
    while True:
        if multi:
            title = f"Lightning talks: {writer.title_words(2, 4)}"
        else:
            title = writer.title_words(3, 7)
            if packages and rng.random() < 0.1:
                title += f" with {rng.choice(packages)}"
            elif rng.random() < 0.1:
                title += f": {writer.title_words(2, 4)}"
        if slugify(title) not in used:
            used.add(slugify(title))
            return title


def _note_date(rng: random.Random, event: _Event | None) -> date:
    """A day of the event, or any day of the corpus's years."""
    if event is None:
        return date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(YEARS * 365))
    return event.start + timedelta(days=rng.randint(0, (event.end - event.start).days))


def _assign_events(rng: random.Random, notes: int, events: list[_Event],
                   misc: set[int]) -> list[_Event | None]:
    """Each note's event: every event gets one note first, the rest by uneven weights."""
    weights = [rng.uniform(0.3, 1.7) for _ in events]
    with_event = [i for i in range(notes) if i not in misc]
    firsts = rng.sample(events, len(events)) if len(with_event) >= len(events) else []
    rest = rng.choices(events, weights=weights, k=len(with_event) - len(firsts))
    chosen = iter(firsts + rest)
    return [None if i in misc else next(chosen) for i in range(notes)]


def _note_shapes(rng: random.Random, notes: int,
                 speakers: int) -> tuple[list[str], list[int], list[int], set[int]]:
    """Kinds, speaker wants, package wants and the indices of event-less notes."""
    n_multi = round(notes * 0.015)
    n_misc = round(notes * 0.03)
    special = rng.sample(range(notes), min(notes, n_multi + n_misc))
    multi, misc = set(special[:n_multi]), set(special[n_multi:])
    kinds = ["lightning" if i in multi else _weighted(rng, NOTE_KINDS) for i in range(notes)]
    speaker_wants = [min(speakers, _speaker_want(rng, kind)) for kind in kinds]
    package_wants = [rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0]
                     if kind != "lightning" else rng.choice((0, 0, 1, 2)) for kind in kinds]
    return kinds, speaker_wants, package_wants, misc


def _speaker_want(rng: random.Random, kind: str) -> int:
    """How many speakers a note of this kind has (one per section for multi-talk notes)."""
    if kind == "lightning":
        return rng.randint(4, 8)
    if kind == "panel":
        return 3
    return rng.choices((1, 2, 3), weights=(82, 14, 4))[0]


def _plan_notes(writer: _Writer, notes: int, events: list[_Event], *,
                speakers: _Pool, packages: _Pool) -> list[_NotePlan]:
    """Decide every note's title, event, kind, speakers, packages and date."""
    rng = writer.rng
    kinds, speaker_wants, package_wants, misc = _note_shapes(rng, notes, len(speakers.names))
    note_events = _assign_events(rng, notes, events, misc)
    speaker_hands = _deal(rng, speakers, speaker_wants)
    package_hands = _deal(rng, packages, [min(w, len(packages.names)) for w in package_wants])
    used: set[str] = set()
    plans = []
    for kind, event, who, what in zip(kinds, note_events, speaker_hands, package_hands,
                                      strict=True):
        title = _unique_title(writer, used, what, kind == "lightning")
        plans.append(_NotePlan(title=title, slug=slugify(title), event=event, kind=kind,
                               speakers=who, packages=what, when=_note_date(rng, event)))
    return plans


def _write(path: Path, text: str) -> None:
    """Write UTF-8 text, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_event(content: Path, writer: _Writer, event: _Event) -> None:
    """The event's profile."""
    text = (f"Name: {event.name}\nSeries: {event.series}\nKind: {event.kind}\n"
            f"Start: {event.start.isoformat()}\nEnd: {event.end.isoformat()}\n"
            f"City: {event.city}\nCountry: {event.country}\n\n{writer.paragraph([])}\n")
    _write(content / "events" / f"{event.slug}.md", text)


def _write_speaker(content: Path, writer: _Writer, name: str) -> None:
    """A speaker's profile."""
    rng = writer.rng
    affiliation = f"{rng.choice(AFFILIATION_HEADS)} {rng.choice(AFFILIATION_TAILS)}"
    text = f"Name: {name}\nAffiliation: {affiliation}\n\n{writer.paragraph([])}\n"
    _write(content / "speakers" / f"{slugify(name)}.md", text)


def _write_package(content: Path, writer: _Writer, name: str) -> None:
    """A package's profile."""
    text = (f"Name: {name}\nPyPI: https://pypi.org/project/{name}/\n"
            f"Summary: {writer.sentence()}\n\n{writer.paragraph([])}\n")
    _write(content / "packages" / f"{name}.md", text)


def _profiled(rng: random.Random, pool: _Pool, share: float, dealt: set[str],
              prolific: int) -> list[str]:
    """Names that get a profile: a share of the pool, the most prolific, and any never dealt."""
    names = pool.names
    chosen = set(rng.sample(names, max(1, round(len(names) * share))))
    chosen.update(names[:prolific])
    chosen.update(n for n in names if n not in dealt)
    return [n for n in names if n in chosen]


def generate_corpus(dest: Path, notes: int, seed: int = 1,
                    known_names: int | None = None, shapes: bool = False) -> CorpusStats:
    """Write a synthetic content folder at ``dest/content`` and describe it.

    `known_names`, if given, is the total number of speaker and package names.  `shapes` adds
    the shapes of a real archive that issue 16 found (bench/shapes.py) and labels them in
    ``dest/shapes.json``; without it, a seed gives the same files as it always did.
    """
    if notes < 1:
        raise ValueError("notes must be at least 1")
    if shapes and notes < MIN_SHAPED_NOTES:
        raise ValueError(f"a corpus with shapes needs at least {MIN_SHAPED_NOTES} notes")
    content = Path(dest) / "content"
    if content.exists() and any(content.iterdir()):
        raise FileExistsError(f"{content} is not empty")
    rng = random.Random(seed)
    writer = _Writer(rng, _make_vocabulary(rng))
    n_speakers, n_packages = pool_sizes(notes, known_names)
    n_events = max(3, round(notes / NOTES_PER_EVENT))
    events = _make_events(rng, n_events, max(2, round(n_events / EDITIONS_PER_SERIES)))
    speakers = _Pool(_make_people(rng, n_speakers), _zipf_cum_weights(n_speakers, *SPEAKER_ZIPF))
    packages = _Pool(_make_packages(rng, n_packages, writer.vocab),
                     _zipf_cum_weights(n_packages, *PACKAGE_ZIPF))
    plans = _plan_notes(writer, notes, events, speakers=speakers, packages=packages)
    for plan in plans:
        folder = plan.event.slug if plan.event else "misc"
        text = _note_text(writer, plan, _mentions(rng, speakers, packages))
        _write(content / folder / f"{plan.slug}.md", text)
    profiles = _write_profiles(content, writer, events, speakers=speakers,
                               packages=packages, plans=plans)
    if shapes:
        from bench.shapes import add_shapes  # noqa: PLC0415 - it builds on this module

        add_shapes(Path(dest), seed)
    return CorpusStats(notes=notes, multi_talk_notes=sum(p.kind == "lightning" for p in plans),
                       events=len(events), series=len({e.series for e in events}),
                       speakers=n_speakers, packages=n_packages, profiles=profiles)


def _write_profiles(content: Path, writer: _Writer, events: list[_Event], *,
                    speakers: _Pool, packages: _Pool, plans: list[_NotePlan]) -> int:
    """Write event, speaker and package profiles; return how many."""
    rng = writer.rng
    for event in events:
        _write_event(content, writer, event)
    speaker_names = _profiled(rng, speakers, 0.05, _dealt([p.speakers for p in plans]), 10)
    for name in speaker_names:
        _write_speaker(content, writer, name)
    package_names = _profiled(rng, packages, 0.10, _dealt([p.packages for p in plans]), 5)
    for name in package_names:
        _write_package(content, writer, name)
    return len(events) + len(speaker_names) + len(package_names)

"""Plans the demo newsroom in memory: sections, topics, authors and a few hundred articles.

Nothing here touches the database; ``loader`` writes the plan through the content services.
The copy (headlines, standfirsts, bodies, bylines, topics, flags) depends only on the seed.
Publication times are laid out backwards from ``now`` (start of the current hour) with the
rhythm of a real newsroom, so the weekday words in a body ("said on Tuesday") follow the
calendar and a rebuild on the same day gives the same site.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from .stories_business import STORIES as BUSINESS_STORIES
from .stories_culture import STORIES as CULTURE_STORIES
from .stories_news import STORIES as NEWS_STORIES
from .templating import DAY, Beat, Story, Thread, fill, render_blocks
from .threads import THREADS
from .world import AUTHORS, CONTRIBUTORS, SECTIONS, TOPICS, WIRES, N

DEFAULT_SEED = 20240501
DEFAULT_ARTICLES = 520
DEFAULT_DAYS = 60

STORIES: list[Story] = [*NEWS_STORIES, *BUSINESS_STORIES, *CULTURE_STORIES]

# Stories that only happen on working days (markets, company results, Assembly business).
WEEKDAY_STORIES = frozenset({"markets-daily", "company-results", "economy-inflation",
                             "council-scheme", "landlord-fined", "regional-closure",
                             "assembly-bill", "assembly-committee", "digital-regulator"})

# Share of articles that belong to a followed story.
THREAD_SHARE = 0.2

# Relative volume by hour of the day and day of the week, in the site's time zone: a morning
# peak, a steady afternoon, a quiet night; weekends are thinner.
HOUR_WEIGHTS = [0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.6, 1.3, 1.7, 1.6, 1.4, 1.3, 1.2, 1.1, 1.2,
                1.2, 1.3, 1.2, 0.9, 0.7, 0.6, 0.5, 0.35, 0.25]
WEEKDAY_WEIGHTS = [1.0, 1.0, 1.0, 1.0, 0.95, 0.6, 0.5]

STAFF_BYLINES = {
    "news": "Staff reporter", "politics": "Political staff", "business": "Business desk",
    "technology": "Technology desk", "science-environment": "Science desk",
    "culture": "Culture desk", "sport": "Sport desk", "opinion": "The editorial board",
}

# Topics an article falls back on when its template names fewer than two.
SECTION_TOPICS = {
    "news/world": ["Diplomacy", "Trade"], "news/health": ["Health", "Public health"],
    "sport/football": ["Football", "Premier Division"],
    "news": ["Port Aldric"], "politics": ["National Assembly", "Elections"],
    "business": ["Banking", "Trade"], "technology": ["Start-ups", "Data and privacy"],
    "science-environment": ["Climate", "Wildlife"], "culture": ["Books", "Film"],
    "sport": ["Football"], "opinion": ["Public finances", "National Assembly"],
}


@dataclass
class SectionPlan:
    name: str
    slug: str
    description: str
    position: int
    parent: str | None = None  # the parent's slug

    @property
    def path(self) -> str:
        return f"{self.parent}/{self.slug}" if self.parent else self.slug


@dataclass
class HeroPlan:
    motif: str
    section: str  # top-level slug: picks the palette
    seed: int
    alt: str = ""
    caption: str = ""


@dataclass
class ArticlePlan:
    key: str  # the template or thread it came from
    section: str  # section path
    kind: str
    headline: str
    standfirst: str
    body: str
    dateline: str
    topics: list[str]
    thread: str | None = None
    authors: list[str] = field(default_factory=list)
    staff_byline: str = ""
    credits: list[tuple[str, str]] = field(default_factory=list)
    featured: bool = False
    lead: bool = False
    hero: HeroPlan | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    corrections: list[tuple[str, datetime]] = field(default_factory=list)
    source_name: str = ""
    source_url: str = ""
    source_published_at: datetime | None = None
    scheduled: bool = False
    paragraphs: int = 0
    # Decided from the copy; turned into times once the publication time is known.
    wants_update: bool = False
    correction_texts: list[str] = field(default_factory=list)
    wire: Any = None
    day: date | None = None
    evergreen: bool = False


@dataclass
class Newsroom:
    sections: list[SectionPlan]
    topics: list[tuple[str, str]]
    authors: list[N]
    articles: list[ArticlePlan]
    now: datetime


def section_plans() -> list[SectionPlan]:
    """Every section, parents before their children."""
    plans = []
    for position, (name, slug, description, children) in enumerate(SECTIONS):
        plans.append(SectionPlan(name, slug, description, position))
        for child_position, (child, child_slug, child_description) in enumerate(children):
            plans.append(SectionPlan(child, child_slug, child_description, child_position,
                                     parent=slug))
    return plans


def default_now() -> datetime:
    """The start of the current hour: rebuilds within the hour are identical."""
    from django.utils import timezone

    return timezone.now().replace(minute=0, second=0, microsecond=0)


def build_newsroom(*, seed: int = DEFAULT_SEED, articles: int = DEFAULT_ARTICLES,
                   days: int = DEFAULT_DAYS, now: datetime | None = None,
                   tz: tzinfo | None = None, paper: str = "The Broadsheet Courier") -> Newsroom:
    """Plan the whole demo newsroom (no database access)."""
    if articles < 1 or days < 1:
        raise ValueError("The demo needs at least one article and one day.")
    now = now or default_now()
    if tz is None:
        from django.utils import timezone

        tz = timezone.get_current_timezone() if _django_ready() else ZoneInfo("UTC")
    content = random.Random(seed)
    timing = random.Random(f"{seed}:{now.astimezone(tz).date().isoformat()}")
    writer = _Writer(content, paper)

    scheduled_count = 0 if articles < 10 else (2 if articles < 100 else 4)
    thread_plans = writer.threads(budget=round(articles * THREAD_SHARE), days=days)
    thread_count = sum(len(beats) for _, beats in thread_plans)
    standalone = max(0, articles - scheduled_count - thread_count)
    plans = [writer.story() for _ in range(standalone)]
    future = [writer.story(evergreen=True) for _ in range(scheduled_count)]
    for plan in future:
        plan.scheduled = True

    clock = _Clock(timing, now, tz, days)
    for _, beats in thread_plans:
        for plan, ago in beats:
            plan.published_at = clock.at_days_ago(ago)
    for plan, when in zip(plans, sorted(clock.sample(len(plans))), strict=True):
        plan.published_at = when
    for plan in future:
        plan.published_at = clock.future()
    everything = [plan for _, beats in thread_plans for plan, _ in beats] + plans + future
    everything.sort(key=lambda p: p.published_at)

    for plan in everything:
        writer.finish(plan, now=now, tz=tz, timing=timing)
    everything.sort(key=lambda p: p.published_at)
    _ensure_variety(everything, rng=content, now=now)
    _choose_featured(everything, target=max(3, min(10, round(articles / 65))), rng=content)
    return Newsroom(sections=section_plans(), topics=list(TOPICS.items()), authors=AUTHORS,
                    articles=everything, now=now)


def _django_ready() -> bool:
    try:
        from django.conf import settings

        return settings.configured
    except ImportError:  # pragma: no cover
        return False


class _Clock:
    """Publication times with a newsroom's rhythm, all before ``now`` (or after, if scheduled)."""

    def __init__(self, rng: random.Random, now: datetime, tz: tzinfo, days: int) -> None:
        self.rng, self.now, self.tz, self.days = rng, now, tz, days
        self.today = now.astimezone(tz).date()

    def _local(self, day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def _hour(self, lo: int = 0, hi: int = 23) -> int:
        hours = list(range(lo, hi + 1))
        return self.rng.choices(hours, weights=[HOUR_WEIGHTS[h] for h in hours])[0]

    def sample(self, count: int) -> list[datetime]:
        """``count`` past times over the last ``days`` days, weekdays and mornings busiest."""
        offsets = list(range(self.days))
        weights = [WEEKDAY_WEIGHTS[(self.today - timedelta(days=d)).weekday()] for d in offsets]
        times = []
        while len(times) < count:
            day = self.today - timedelta(days=self.rng.choices(offsets, weights=weights)[0])
            when = self._local(day, self._hour(), self.rng.randrange(60))
            if when <= self.now - timedelta(minutes=5):
                times.append(when)
        return times

    def at_days_ago(self, ago: float) -> datetime:
        """A daytime moment about ``ago`` days back (a followed story's next instalment)."""
        day = self.today - timedelta(days=int(ago))
        for _ in range(50):
            when = self._local(day, self._hour(7, 20), self.rng.randrange(60))
            if when <= self.now - timedelta(minutes=5):
                return when
        return self.now - timedelta(minutes=5 + self.rng.randrange(120))

    def future(self) -> datetime:
        """A time in the next few days: the article is scheduled, not yet live."""
        while True:
            day = self.today + timedelta(days=self.rng.randrange(0, 4))
            when = self._local(day, self._hour(7, 18), 5 * self.rng.randrange(12))
            if when >= self.now + timedelta(hours=1):
                return when


class _Writer:
    """Fills templates with the content generator, keeping headlines unique."""

    def __init__(self, rng: random.Random, paper: str) -> None:
        self.rng = rng
        self.paper = paper
        self.headlines: set[str] = set()
        self.weights = [story.weight for story in STORIES]
        self.thread_author: dict[str, list[str]] = {}

    # --- copy ---------------------------------------------------------------------------

    def _context(self, **extra: Any) -> dict:
        return {"day": DAY, "paper": self.paper, **extra}

    def _fill_slots(self, slots: dict, ctx: dict) -> None:
        for name, make in slots.items():
            ctx[name] = make(self.rng, ctx)

    def story(self, *, evergreen: bool = False) -> ArticlePlan:
        """A one-off story from a section template, with a headline not used before."""
        pool = [s for s in STORIES if s.evergreen] if evergreen else STORIES
        weights = [s.weight for s in pool]
        for _ in range(60):
            template = self.rng.choices(pool, weights=weights)[0]
            ctx = self._context()
            self._fill_slots(template.slots, ctx)
            headline = _tidy_headline(fill(self.rng.choice(template.headlines), ctx))
            if headline.lower() in self.headlines or len(headline) > 200:
                continue
            self.headlines.add(headline.lower())
            body, paragraphs = render_blocks(template.body, self.rng, ctx)
            plan = ArticlePlan(
                key=template.key, section=template.section, kind=template.kind,
                headline=headline, standfirst=fill(self.rng.choice(template.standfirsts), ctx),
                body=body, paragraphs=paragraphs,
                dateline=fill(template.dateline, ctx) if template.dateline else "",
                topics=_topics(template.topics, ctx, template.section),
                staff_byline=template.byline, evergreen=template.evergreen,
            )
            plan._ctx = ctx  # type: ignore[attr-defined]
            self._decide(plan, wire_ok=template.wire, motif=template.image,
                         caption=template.caption, ctx=ctx)
            return plan
        raise RuntimeError("Could not find a fresh headline; the templates are exhausted.")

    def threads(self, *, budget: int, days: int) -> list[tuple[Thread, list]]:
        """Followed stories that fit in ``budget`` articles, each laid out over the days."""
        order = list(THREADS)
        self.rng.shuffle(order)
        chosen, used = [], 0
        for thread in order:
            if used + len(thread.beats) > budget and chosen:
                continue
            chosen.append(thread)
            used += len(thread.beats)
            if used >= budget:
                break
        result = []
        for thread in chosen:
            span = sum(beat.gap for beat in thread.beats[1:])
            scale = min(1.0, (days - 1) / span) if span else 1.0
            start = self.rng.uniform(span * scale, max(span * scale, days - 1))
            ago, beats = start, []
            for index, beat in enumerate(thread.beats):
                if index:
                    ago -= beat.gap * scale
                beats.append((self._beat(thread, beat), max(ago, 0.0)))
            result.append((thread, beats))
        return result

    def _beat(self, thread: Thread, beat: Beat) -> ArticlePlan:
        ctx = self._context(**thread.facts)
        self._fill_slots(beat.slots, ctx)
        background = list(thread.facts.get("background", []))
        self.rng.shuffle(background)
        blocks, used = [], 0
        for block in beat.body:
            if block == "{background}":
                if background:
                    blocks.append(background[used % len(background)])
                    used += 1
            else:
                blocks.append(block)
        body, paragraphs = render_blocks(blocks, self.rng, ctx)
        headline = _tidy_headline(fill(beat.headline, ctx))
        self.headlines.add(headline.lower())
        topics = _topics([*thread.topics, *beat.topics], ctx, beat.section)
        plan = ArticlePlan(
            key=thread.key, thread=thread.key, section=beat.section, kind=beat.kind,
            headline=headline, standfirst=fill(beat.standfirst, ctx), body=body,
            paragraphs=paragraphs, dateline=fill(beat.dateline, ctx) if beat.dateline else "",
            topics=topics, lead=beat.lead, staff_byline=beat.byline,
        )
        plan._ctx = ctx  # type: ignore[attr-defined]
        self._decide(plan, wire_ok=False, motif=beat.image or thread.image,
                     caption=beat.caption, ctx=ctx, thread=thread.key)
        return plan

    # --- everything around the copy -------------------------------------------------------

    def _decide(self, plan: ArticlePlan, *, wire_ok: bool, motif: str, caption: str,
                ctx: dict, thread: str | None = None) -> None:
        rng = self.rng
        root = plan.section.split("/")[0]
        if wire_ok and rng.random() < 0.2:
            plan.wire = rng.choice(WIRES)
            plan.staff_byline = plan.wire.byline
        elif not plan.staff_byline:
            if plan.kind != "opinion" and thread is None and rng.random() < 0.1:
                plan.staff_byline = STAFF_BYLINES[root]
            else:
                plan.authors = self._authors(plan.section, thread)
        if not plan.wire and plan.kind not in ("opinion", "interview") and rng.random() < 0.27:
            plan.credits = self._credits(plan)
        plan.wants_update = rng.random() < 0.07
        if rng.random() < 0.055:
            plan.correction_texts = _corrections(rng, ctx, count=rng.choice([1, 1, 2]))
        if plan.lead or rng.random() < 0.32:
            plan.hero = self._hero(plan, motif, caption, ctx)

    def _authors(self, section: str, thread: str | None) -> list[str]:
        def covering(path: str) -> list[str]:
            return [a.name for a in AUTHORS if path in a.desks]

        candidates = covering(section) or covering(section.split("/")[0])
        if thread and thread in self.thread_author:
            # The reporter who broke the story follows it, where it is their beat.
            first = self.thread_author[thread]
            if set(first) & set(candidates):
                return first
        names = [self.rng.choice(candidates)]
        others = [n for n in candidates if n not in names]
        if others and self.rng.random() < 0.15:
            names.append(self.rng.choice(others))
        if thread and thread not in self.thread_author:
            self.thread_author[thread] = names
        return names

    def _credits(self, plan: ArticlePlan) -> list[tuple[str, str]]:
        names = [n for n in CONTRIBUTORS + [a.name for a in AUTHORS] if n not in plan.authors]
        count = 1 if self.rng.random() < 0.7 else 2
        chosen = self.rng.sample(names, count)
        kinds = ["reporting"] * 6 + ["additional"] * 2 + ["research"]
        if plan.section == "news/world":
            kinds.append("translation")
        contribution = self.rng.choice(kinds)
        return [(name, contribution) for name in chosen]

    def _hero(self, plan: ArticlePlan, motif: str, caption: str, ctx: dict) -> HeroPlan:
        from .images import describe

        hero = HeroPlan(motif=motif or "skyline", section=plan.section.split("/")[0],
                        seed=self.rng.randrange(1 << 30))
        hero.alt = describe(hero.motif, hero.section)
        hero.caption = fill(caption, ctx) if caption else _default_caption(hero.motif, ctx)
        return hero

    def finish(self, plan: ArticlePlan, *, now: datetime, tz: tzinfo,
               timing: random.Random) -> None:
        """Put the calendar into the copy and time the updates, corrections and sources."""
        local = plan.published_at.astimezone(tz)
        if plan.key in WEEKDAY_STORIES and local.weekday() >= 5 and not plan.scheduled:
            # Markets, results and the Assembly keep office hours: move it to Friday.
            plan.published_at -= timedelta(days=local.weekday() - 4)
            local = plan.published_at.astimezone(tz)
        weekday = local.strftime("%A")
        plan.body = plan.body.replace(DAY, weekday)
        plan.standfirst = plan.standfirst.replace(DAY, weekday)
        plan.headline = plan.headline.replace(DAY, weekday)
        if plan.wire:
            original = plan.published_at - timedelta(minutes=timing.randrange(12, 180))
            plan.source_name = plan.wire.name
            plan.source_published_at = original
            plan.source_url = (f"https://{plan.wire.host}/{original:%Y/%m/%d}/"
                               f"{slugify(plan.headline)[:80].strip('-')}")
        if plan.scheduled:
            return
        latest = now - timedelta(minutes=2)
        when = plan.published_at
        for text in plan.correction_texts:
            when = when + timedelta(minutes=timing.randrange(90, 60 * 48))
            if when < latest:
                plan.corrections.append((text, when))
        if plan.corrections:
            plan.updated_at = plan.corrections[-1][1]
        elif plan.wants_update:
            when = plan.published_at + timedelta(minutes=timing.randrange(25, 60 * 30))
            if when < latest:
                plan.updated_at = when


def _tidy_headline(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _topics(names: Sequence[str], ctx: dict, section: str) -> list[str]:
    chosen: list[str] = []
    for name in names:
        value = _formatted(name, ctx)
        if value and value != "None" and value in TOPICS and value not in chosen:
            chosen.append(value)
    fallbacks = SECTION_TOPICS.get(section) or SECTION_TOPICS[section.split("/")[0]]
    for fallback in fallbacks:
        if len(chosen) >= 2:
            break
        if fallback not in chosen:
            chosen.append(fallback)
    return chosen[:5]


def _formatted(text: str, ctx: dict) -> str:
    import string

    return string.Formatter().vformat(text, (), ctx)


def _corrections(rng: random.Random, ctx: dict, *, count: int) -> list[str]:
    """Plausible corrections that refer to the article's own people and figures."""
    people = [v for k, v in ctx.items() if isinstance(v, N) and "surname" in v
              and not k.startswith("_")]
    money = [v for v in ctx.values() if isinstance(v, N) and "short" in v and
             str(v).endswith("crowns")]
    options = []
    for who in people:
        options.append(f"An earlier version of this article misspelled the surname of "
                       f"{who.name}.")
        role = str(who.get("role", ""))
        if role.startswith(("the ", "a ", "an ")):
            options.append(f"An earlier version of this article gave an incorrect job title for "
                           f"{who.name}. {who.surname} is {role}.")
        options.append(f"An earlier version of this article attributed a quotation to "
                       f"{who.name} that was said by another speaker.")
    for amount in money:
        options.append(f"An earlier version of this article misstated a figure. The correct "
                       f"amount is {amount}.")
    options += [
        "An earlier version of this article gave the wrong day for the meeting described.",
        "An earlier version of this article misstated the number of people affected.",
        "An earlier version of this article's headline overstated the findings of the report.",
    ]
    return rng.sample(options, min(count, len(options)))


def _default_caption(motif: str, ctx: dict) -> str:
    place = ctx.get("place")
    where = getattr(place, "name", "") or "Vellmark"
    captions = {
        "skyline": f"{where}, as drawn by our graphics desk.",
        "chart": "An illustration of a market chart.",
        "waves": f"The coast near {where}, in an illustration.",
        "storm": f"Storm clouds over {where}, in an illustration.",
        "circuit": "An illustration of a circuit board.",
        "pitch": "An illustration of a football pitch.",
        "court": "An illustration of a tennis court.",
        "columns": "The National Assembly, as drawn by our graphics desk.",
        "pages": "An illustration of an open book.",
        "film": "An illustration of a cinema screen.",
        "sound": "An illustration of sound waves.",
        "pulse": "An illustration of a heart monitor trace.",
        "map": "An illustration of the northern coastline.",
        "road": f"A road into {where}, in an illustration.",
        "rail": "An illustration of a train on the coast line.",
        "factory": f"An industrial site near {where}, in an illustration.",
        "night": f"{where} at night, in an illustration.",
        "stars": "An illustration of the night sky.",
    }
    return captions.get(motif, "An illustration by our graphics desk.")


def _choose_featured(plans: list[ArticlePlan], *, target: int, rng: random.Random) -> None:
    """A handful of lead stories spread across the period (each gets an image)."""
    past = [p for p in plans if not p.scheduled]
    if not past:
        return
    buckets = [past[i * len(past) // target:(i + 1) * len(past) // target] for i in range(target)]
    for bucket in buckets:
        ranked = sorted(bucket, key=lambda p: (not p.lead, p.kind not in ("feature", "analysis"),
                                               p.hero is None, p.key))
        if not ranked:
            continue
        choice = ranked[0]
        choice.featured = True
        if choice.hero is None:
            from .images import SECTION_MOTIFS, describe

            root = choice.section.split("/")[0]
            motif = SECTION_MOTIFS.get(root, "skyline")
            choice.hero = HeroPlan(motif=motif, section=root, seed=rng.randrange(1 << 30),
                                   alt=describe(motif, root),
                                   caption=_default_caption(motif, getattr(choice, "_ctx", {})))


def _ensure_variety(plans: list[ArticlePlan], *, rng: random.Random, now: datetime) -> None:
    """Even a small demo shows a corrected, an updated and a credited story."""
    past = [p for p in plans if not p.scheduled and p.kind != "opinion"]
    if len(past) < 6:
        return
    if not any(p.corrections for p in plans):
        plan = past[len(past) // 3]
        when = plan.published_at + timedelta(hours=3)
        if when < now:
            text = _corrections(rng, getattr(plan, "_ctx", {}), count=1)[0]
            plan.corrections.append((text, when))
            plan.updated_at = when
    if not any(p.updated_at and not p.corrections for p in plans):
        plan = past[len(past) // 2]
        when = plan.published_at + timedelta(minutes=50)
        if when < now and not plan.corrections:
            plan.updated_at = when
    if not any(p.credits for p in plans):
        plan = next((p for p in past if not p.wire), None)
        if plan is not None:
            plan.credits = [(CONTRIBUTORS[0], "reporting")]

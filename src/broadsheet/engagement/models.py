"""Engagement data: a journal of acknowledged events, the counters it folds into, reactions,
reading history and widget statistics.

Nothing here identifies a person: visitors are daily-salted hashes kept only as long as the
de-duplication window, readers are random ids from a first-party cookie.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.IntegerChoices):
    VIEW = 1, _("View")
    IMPRESSION = 2, _("Widget impression")
    CLICK = 3, _("Widget click")


class PendingEvent(models.Model):
    """An acknowledged event not yet folded into the counters (the durable journal).

    A beacon's response is sent only after its row is committed; the flusher deletes rows in
    the same transaction that adds them to the counters, so an event is counted exactly once.
    """

    kind = models.PositiveSmallIntegerField(choices=EventKind.choices)
    # No foreign key constraint: inserting must stay one cheap statement; the flusher drops
    # events of articles deleted in the meantime.
    article_id = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    widget = models.CharField(max_length=20, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    reader_id = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["article_id", "kind"], name="engagement_pending_art_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of article {self.article_id} at {self.occurred_at}"


class VisitorSeen(models.Model):
    """When a visitor's event last counted, for the de-duplication window (database backend).

    ``key`` is a hash of the daily-salted visitor hash, the article and the event kind; rows
    older than the window are deleted by the flusher.
    """

    key = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class ArticleStats(models.Model):
    """An article's all-time totals, read with one query by its page and the beacon."""

    article = models.OneToOneField("content.Article", on_delete=models.CASCADE,
                                   primary_key=True, related_name="stats")
    views = models.BigIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("article views")
        verbose_name_plural = _("article views")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.views} views"


class HourlyViews(models.Model):
    """Views of one article in one UTC hour: what Most read and Trending are computed from."""

    article = models.ForeignKey("content.Article", on_delete=models.CASCADE,
                                related_name="hourly_views")
    hour = models.DateTimeField(help_text=_("Start of the hour (UTC)."))
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="engagement_hourly_unique"),
        ]
        indexes = [models.Index(fields=["hour", "article"], name="engagement_hourly_hour_idx")]
        verbose_name_plural = _("hourly views")

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00 = {self.views}"


class Reaction(models.Model):
    """One reader's reaction to one article (changeable, removable)."""

    article = models.ForeignKey("content.Article", on_delete=models.CASCADE,
                                related_name="reactions")
    # A random id from a cookie set when the reader first reacts; not linked to history.
    voter_id = models.UUIDField()
    kind = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_id"],
                                    name="engagement_one_reaction_per_voter"),
        ]
        indexes = [models.Index(fields=["article", "kind"], name="engagement_reaction_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.article_id}"


class ReadEvent(models.Model):
    """One counted read by a reader who allows history, replayable in time order."""

    reader_id = models.UUIDField()
    article = models.ForeignKey("content.Article", on_delete=models.CASCADE,
                                related_name="read_events")
    occurred_at = models.DateTimeField()
    widget = models.CharField(max_length=20, blank=True,
                              help_text=_("The list the reader came from, if any."))

    class Meta:
        indexes = [
            models.Index(fields=["reader_id", "occurred_at"], name="engagement_read_reader_idx"),
            models.Index(fields=["occurred_at"], name="engagement_read_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.article_id} at {self.occurred_at}"


class WidgetStat(models.Model):
    """Impressions and clicks of one reading list on one day (site time zone)."""

    date = models.DateField()
    widget = models.CharField(max_length=20)
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["date", "widget"], name="engagement_widget_day_unique"),
        ]
        ordering = ["-date", "widget"]
        verbose_name = _("widget statistics")
        verbose_name_plural = _("widget statistics")

    def __str__(self) -> str:
        return f"{self.widget} on {self.date}"

    @property
    def ctr(self) -> float | None:
        """Clicks per impression, or None before the list was seen."""
        return self.clicks / self.impressions if self.impressions else None


class FlushCursor(models.Model):
    """The last Redis stream entry folded into the database, committed with the counts it
    produced, so re-reading the stream after a crash never counts an entry twice."""

    stream = models.CharField(max_length=200, primary_key=True)
    last_id = models.CharField(max_length=40, default="0-0")

    def __str__(self) -> str:
        return f"{self.stream} @ {self.last_id}"

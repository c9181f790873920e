"""What the discovery engine keeps in the database: precomputed Related lists and the
editors' signals over Related and Recommended."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RelatedList(models.Model):
    """An article's Related list as the engine ranked it, best first: [[id, score], ...].

    Precomputed on publish and by ``broadsheet related rebuild`` so an article page reads it
    with one query; the page drops ids that are no longer live."""

    article = models.OneToOneField("content.Article", on_delete=models.CASCADE,
                                   primary_key=True, related_name="related_list")
    items = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Related to {self.article_id}: {self.items}"


class EditorialSignal(models.Model):
    """An editor's decision over a reading list: boost, bury, pin to a slot, or exclude.

    For Related it concerns one article's list (``context``): pin ``article`` into it, or
    exclude ``article`` from it. For Recommended it applies everywhere, to an article or to
    a whole section, until ``expires_at`` if set.
    """

    class Scope(models.TextChoices):
        RELATED = "related", _("Related list of one article")
        RECOMMENDED = "recommended", _("Recommended (site-wide)")

    class Action(models.TextChoices):
        PIN = "pin", _("Pin to a slot")
        EXCLUDE = "exclude", _("Exclude")
        BOOST = "boost", _("Boost")
        BURY = "bury", _("Bury")

    scope = models.CharField(max_length=20, choices=Scope.choices)
    action = models.CharField(max_length=20, choices=Action.choices)
    context = models.ForeignKey(
        "content.Article", null=True, blank=True, on_delete=models.CASCADE,
        related_name="related_signals",
        help_text=_("For Related: the article whose list this changes."))
    article = models.ForeignKey(
        "content.Article", null=True, blank=True, on_delete=models.CASCADE,
        related_name="editorial_signals", help_text=_("The article pinned, excluded, boosted…"))
    section = models.ForeignKey(
        "content.Section", null=True, blank=True, on_delete=models.CASCADE,
        related_name="editorial_signals",
        help_text=_("For Recommended: every article of this section (and its subsections)."))
    factor = models.FloatField(
        default=1.0, help_text=_("Boost: more than 1 (e.g. 2). Bury: 0 to below 1 (e.g. 0.3)."))
    slot = models.PositiveSmallIntegerField(null=True, blank=True,
                                            help_text=_("Pin: the position, from 1."))
    expires_at = models.DateTimeField(null=True, blank=True,
                                      help_text=_("Optional: the signal stops at this time."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["scope", "slot", "-created_at"]
        indexes = [models.Index(fields=["scope", "expires_at"], name="discovery_signal_scope")]

    def __str__(self) -> str:
        target = self.article or self.section
        where = f" in “{self.context}”" if self.context_id else ""
        return f"{self.get_action_display()}: {target}{where}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.scope == self.Scope.RELATED:
            # ``context`` may be an article the admin is creating in the same form.
            if self.context is None:
                errors["context"] = _("Choose the article whose Related list this changes.")
            if self.action not in (self.Action.PIN, self.Action.EXCLUDE):
                errors["action"] = _("A Related list takes pins and exclusions.")
            if self.section_id is not None:
                errors["section"] = _("A Related list names articles, not sections.")
            if self.article_id is None:
                errors["article"] = _("Choose the article to pin or exclude.")
            elif self.context_id is not None and self.article_id == self.context_id:
                errors["article"] = _("An article cannot be related to itself.")
        elif self.scope == self.Scope.RECOMMENDED:
            if self.context_id is not None:
                errors["context"] = _("Recommended signals apply site-wide; leave this empty.")
            if (self.article_id is None) == (self.section_id is None):
                errors["article"] = _("Name either an article or a section.")
            if self.action == self.Action.PIN and self.article_id is None:
                errors["article"] = _("A pin names an article.")
        if self.action == self.Action.PIN and not self.slot:
            errors["slot"] = _("A pin needs a slot (1 is the top).")
        if self.action == self.Action.BOOST and self.factor <= 1:
            errors["factor"] = _("A boost multiplies the score by more than 1.")
        if self.action == self.Action.BURY and not 0 <= self.factor < 1:
            errors["factor"] = _("A bury multiplies the score by 0 to below 1.")
        if errors:
            raise ValidationError(errors)

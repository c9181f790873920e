"""Forms for the editors' admin.

They check what a form can check on its own (a hero image needs alt text, times that make
sense); everything else is decided by the services, whose ``ValidationError`` the admin maps
back onto these forms (see ``ServiceErrorsFormMixin``).
"""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor, Correction, Credit

# The change form's status buttons, by the name of their submit input.
ACTION_PUBLISH = "_publish"
ACTION_SCHEDULE = "_schedule"
ACTION_UNPUBLISH = "_unpublish"
STATUS_ACTIONS = (ACTION_PUBLISH, ACTION_SCHEDULE, ACTION_UNPUBLISH)

HERO_ALT_REQUIRED = _("Describe the hero image (alt text) for readers who cannot see it.")


def requested_status_action(data) -> str | None:
    """Which status button (publish, schedule, unpublish) submitted the form, if any."""
    for name in STATUS_ACTIONS:
        if name in data:
            return name
    return None


def error_messages_by_field(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field name or NON_FIELD_ERRORS: [messages]}."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in ValidationError(errors).messages]
                for field, errors in error.error_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in error.messages]}


def https_formfield(db_field, **kwargs):
    """Form field for a model field; URLs typed without a scheme are taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ServiceErrorsFormMixin:
    """Shows a service's ValidationError on the form: on its field when the form has that
    field, else at the top. The admin sets ``service_error`` when a save was refused."""

    service_error: ValidationError | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.service_error is not None:
            for field, messages in error_messages_by_field(self.service_error).items():
                usable = field in self.fields and not self.fields[field].disabled
                for message in messages or [_("This change could not be saved.")]:
                    self.add_error(field if usable else None, message)
        return cleaned_data


class ArticleAdminForm(ServiceErrorsFormMixin, forms.ModelForm):
    """The article change form (status is changed by buttons, never typed in)."""

    class Meta:
        model = Article
        # Not "status": it changes only through the publish, schedule and unpublish buttons.
        fields = [
            "headline", "slug", "kind", "standfirst", "body", "dateline", "section", "topics",
            "featured", "staff_byline", "hero_image", "hero_alt", "hero_caption", "hero_credit",
            "source_name", "source_url", "source_published_at", "published_at", "updated_at",
        ]
        formfield_callback = https_formfield
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, [link](https://…), ## subheading, "
                      "> quote, - list. The preview shows it as readers will see it."),
            "published_at": _("For a draft: the time “Schedule” publishes it at. For a "
                              "published article: changing it and saving moves its "
                              "publication (a future time schedules it)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            # A new article gets its slug from the headline when none is typed.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Part of the address. Leave empty to make it "
                                              "from the headline.")

    def clean(self):
        cleaned_data = super().clean()
        hero_image = cleaned_data.get("hero_image", self.instance.hero_image)
        hero_alt = cleaned_data.get("hero_alt")
        # ClearableFileInput gives False when the editor ticks "Clear".
        if (hero_image and hero_alt is not None and not hero_alt.strip()
                and "hero_alt" not in self.errors):
            self.add_error("hero_alt", HERO_ALT_REQUIRED)

        published_at = (cleaned_data.get("published_at") if "published_at" in self.fields
                        else self.instance.published_at)
        source_published_at = cleaned_data.get("source_published_at")
        if published_at and source_published_at and source_published_at > published_at:
            self.add_error("source_published_at",
                           _("The original cannot be newer than this publication "
                             "(it was published at %(when)s here).") % {
                               "when": timezone.localtime(published_at).strftime(
                                   "%d %b %Y %H:%M")})

        if (requested_status_action(self.data) == ACTION_SCHEDULE
                and "published_at" in self.fields and not self.has_error("published_at")
                and not cleaned_data.get("published_at")):
            self.add_error("published_at",
                           _("Set the date and time to publish at, then press “Schedule”."))
        return cleaned_data


class ArticleAuthorInlineForm(forms.ModelForm):
    class Meta:
        model = ArticleAuthor
        fields = ["author", "position"]
        labels = {"position": _("Order")}


class CreditInlineForm(forms.ModelForm):
    class Meta:
        model = Credit
        fields = ["name", "author", "contribution", "position"]
        labels = {"position": _("Order")}


class CorrectionInlineForm(forms.ModelForm):
    """New corrections are added through ``correction_add``; published ones are a public
    record and stay as they are."""

    published_at = forms.SplitDateTimeField(
        label=_("Published"), required=False, widget=AdminSplitDateTime,
        help_text=_("Leave empty for now."),
    )

    class Meta:
        model = Correction
        fields = ["text", "published_at"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for field in self.fields.values():
                field.disabled = True
        else:
            self.initial.pop("published_at", None)

    def _post_clean(self):
        # Existing corrections are not edited, and new ones are validated by the service
        # (published_at may be empty here and default to "now" there).
        pass


class ScheduleForm(forms.Form):
    """The time a bulk "Schedule…" action publishes the chosen articles at."""

    publish_at = forms.SplitDateTimeField(label=_("Publish at"), widget=AdminSplitDateTime,
                                          help_text=_("In the site's time zone."))

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when <= timezone.now():
            raise ValidationError(_("Choose a time in the future."), code="past")
        return when

"""The editors' admin. Interface only: every write goes through ``content.services``, so the
admin behaves exactly like the importers and the API."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_views import markdown_preview
from .forms import (
    ACTION_PUBLISH,
    ACTION_SCHEDULE,
    ACTION_UNPUBLISH,
    ArticleAdminForm,
    ArticleAuthorInlineForm,
    CorrectionInlineForm,
    CreditInlineForm,
    ScheduleForm,
    ServiceErrorsFormMixin,
    error_messages_by_field,
    requested_status_action,
)
from .models import (
    Article,
    ArticleAuthor,
    ArticleRevision,
    Author,
    AuthorLink,
    Correction,
    Credit,
    Section,
    Topic,
)

# --- Site branding, read from settings when a page renders (never at import) -------------


def _site_name() -> str:
    return settings.BROADSHEET_SITE_NAME


_lazy_site_name = lazy(_site_name, str)()
admin.site.site_header = format_lazy("{} · {}", _lazy_site_name, _("Newsroom"))
admin.site.site_title = format_lazy("{} {}", _lazy_site_name, _("admin"))
admin.site.index_title = _("Newsroom")
admin.site.site_url = reverse_lazy("web:home")

# --- Service errors onto forms -----------------------------------------------------------

_SERVICE_ERROR_ATTR = "_broadsheet_service_error"


class ServiceRejected(Exception):
    """A service refused a change the form had accepted; carries the ValidationError."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


@contextmanager
def service_call() -> Iterator[None]:
    """Turn a service's ValidationError into ServiceRejected (see ServiceAwareAdmin)."""
    try:
        yield
    except ValidationError as error:
        raise ServiceRejected(error) from error


def adopt(target, created) -> None:
    """Make the admin's unsaved instance ``target`` the row a service just created, so the
    admin's log entry and redirect point at it."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(created, field.attname))
    target._state.adding = False
    target._state.db = created._state.db


class ServiceAwareAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves call services; a ValidationError from a service shows on the
    form (on its field when the form has it), never as a server error.

    The admin saves inside one transaction: when a service refuses, the whole save is rolled
    back and the form is shown again, with the refusal added to the form's own errors.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRejected as rejected:
            if getattr(request, _SERVICE_ERROR_ATTR, None) is not None:
                raise rejected.error from rejected
            setattr(request, _SERVICE_ERROR_ATTR, rejected.error)
            # Said at the top too: the field with the error may be far down the form.
            self.message_user(request, _("Nothing was saved: %(reasons)s") % {
                "reasons": _join_messages(rejected.error)}, messages.ERROR)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory made a new class for this request, so this stays per request.
        if issubclass(form, ServiceErrorsFormMixin):
            form.service_error = getattr(request, _SERVICE_ERROR_ATTR, None)
        return form


def _join_messages(error: ValidationError) -> str:
    return " ".join(m for messages_ in error_messages_by_field(error).values()
                    for m in messages_)


# --- Sections, authors, topics -----------------------------------------------------------


class SectionForm(ServiceErrorsFormMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "parent", "description", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Part of the address. Leave empty to make it "
                                              "from the name.")


@admin.register(Section)
class SectionAdmin(ServiceAwareAdmin):
    form = SectionForm
    list_display = ["tree_name", "path_display", "position", "article_count"]
    list_display_links = ["tree_name"]
    search_fields = ["name", "slug", "path"]
    # Path order keeps a section's subsections right under it ("/" sorts after "-", so
    # compare with a space instead: "business markets" before "business-news").
    ordering = [Replace("path", Value("/"), Value(" "))]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "description", "position"]
    list_per_page = 100

    class Media:
        css = {"all": ["content/admin/admin.css"]}

    def get_queryset(self, request):
        # str(section) walks up its parents: join them (sections nest at most four deep).
        return (super().get_queryset(request).select_related("parent__parent__parent")
                .annotate(article_count=Count("articles")))

    @admin.display(description=_("Section"), ordering="path")
    def tree_name(self, obj: Section):
        depth = obj.path.count("/")
        return format_html('<span class="bs-tree" style="--bs-depth: {}">{}</span>', depth,
                           str(obj))

    @admin.display(description=_("Address"), ordering="path")
    def path_display(self, obj: Section) -> str:
        return f"/{obj.path}/"

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, obj: Section) -> int:
        return obj.article_count

    def save_model(self, request, obj, form, change):
        with service_call():
            if change:
                # section_update also moves the addresses of every subsection.
                services.section_update(section=obj, **{
                    name: getattr(obj, name) for name in form.changed_data})
            else:
                adopt(obj, services.section_create(
                    name=obj.name, parent=obj.parent, slug=obj.slug or "",
                    description=obj.description, position=obj.position))


URL_FIELDS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    formfield_overrides = URL_FIELDS_HTTPS
    extra = 1
    fields = ["url", "label", "position"]


class AuthorForm(ServiceErrorsFormMixin, forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "slug", "role", "organisation", "bio", "photo", "email", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["slug"].required = False


@admin.register(Author)
class AuthorAdmin(ServiceAwareAdmin):
    form = AuthorForm
    list_display = ["photo_thumbnail", "name", "role", "organisation", "article_count"]
    list_display_links = ["photo_thumbnail", "name"]
    search_fields = ["name", "role", "organisation", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    readonly_fields = ["photo_preview"]
    inlines = [AuthorLinkInline]

    class Media:
        css = {"all": ["content/admin/admin.css"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "organisation", "bio"]}),
        (_("Photo"), {"fields": ["photo_preview", "photo"]}),
        (_("Contact and account"), {"fields": ["email", "user"]}),
    ]

    def get_queryset(self, request):
        # An aggregate drops the model's default ordering: state it (stable pagination).
        return (super().get_queryset(request).annotate(article_count=Count("bylines"))
                .order_by("name", "pk"))

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, obj: Author) -> int:
        return obj.article_count

    @admin.display(description="")
    def photo_thumbnail(self, obj: Author):
        if not obj.photo:
            return format_html('<span class="bs-avatar bs-avatar--empty" aria-hidden="true">'
                               '{}</span>', (obj.name[:1] or "?").upper())
        return format_html('<img class="bs-avatar" src="{}" alt="" width="40" height="40">',
                           obj.photo.url)

    @admin.display(description=_("Current photo"))
    def photo_preview(self, obj: Author):
        if obj is None or not obj.photo:
            return _("No photo yet.")
        return format_html('<img class="bs-photo-preview" src="{}" alt="{}">', obj.photo.url,
                           obj.name)

    def save_model(self, request, obj, form, change):
        if change:
            with service_call():
                services.author_update(author=obj, **{
                    name: getattr(obj, name) for name in services.AUTHOR_EDITABLE_FIELDS})
            return
        fields = {name: getattr(obj, name) for name in
                  ("role", "organisation", "bio", "email", "user") if getattr(obj, name)}
        if obj.slug:
            fields["slug"] = obj.slug
        if obj.photo:
            fields["photo"] = obj.photo
        with service_call():
            adopt(obj, services.author_create(name=obj.name, **fields))


@admin.register(Topic)
class TopicAdmin(ServiceAwareAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]

    def get_queryset(self, request):
        return (super().get_queryset(request).annotate(article_count=Count("articles"))
                .order_by("name"))

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, obj: Topic) -> int:
        return obj.article_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["slug"].required = False
        return form

    def save_model(self, request, obj, form, change):
        if change:
            with service_call():
                services.topic_update(topic=obj, name=obj.name, slug=obj.slug,
                                      description=obj.description)
            return
        with service_call():
            adopt(obj, services.topic_create(name=obj.name, slug=obj.slug or "",
                                             description=obj.description))


# --- Articles ------------------------------------------------------------------------------


def article_state(article: Article) -> tuple[str, str]:
    """(css modifier, label) of the article's status as editors think of it."""
    if article.status == Article.Status.PUBLISHED:
        if article.is_scheduled:
            return "scheduled", str(_("Scheduled"))
        return "live", str(_("Live"))
    if article.status == Article.Status.UNPUBLISHED:
        return "unpublished", str(_("Unpublished"))
    return "draft", str(_("Draft"))


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("live", _("Live")),
                ("unpublished", _("Unpublished"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        match self.value():
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
            case "scheduled":
                return queryset.filter(published, published_at__gt=now)
            case "live":
                return queryset.filter(published, published_at__lte=now)
            case "unpublished":
                return queryset.filter(status=Article.Status.UNPUBLISHED)
        return queryset


class SectionFilter(admin.SimpleListFilter):
    """A section and everything under it (the plain related filter would query each
    section's parents to name it)."""

    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        sections = Section.objects.select_related("parent__parent__parent").order_by("path")
        return [(str(s.pk), str(s)) for s in sections]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        section = Section.objects.filter(pk=self.value()).only("path").first()
        if section is None:
            return queryset.none()
        return queryset.filter(Q(section=section) | Q(section__path__startswith=f"{section.path}/"))


class SyndicatedFilter(admin.SimpleListFilter):
    title = _("syndicated")
    parameter_name = "syndicated"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        syndicated = ~Q(source_name="") | ~Q(source_url="")
        if self.value() == "yes":
            return queryset.filter(syndicated)
        if self.value() == "no":
            return queryset.exclude(syndicated)
        return queryset


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    form = ArticleAuthorInlineForm
    autocomplete_fields = ["author"]
    extra = 0
    verbose_name = _("byline author")
    verbose_name_plural = _("Byline (in order)")

    def get_extra(self, request, obj=None, **kwargs):
        # A new article usually has a writer: offer the first row.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class CreditInline(admin.TabularInline):
    model = Credit
    form = CreditInlineForm
    extra = 0
    autocomplete_fields = ["author"]
    verbose_name_plural = _("Credits at the end of the story")


class CorrectionInline(admin.TabularInline):
    model = Correction
    form = CorrectionInlineForm
    extra = 0
    can_delete = False
    verbose_name_plural = _("Corrections (public, dated; published ones cannot be edited)")


@admin.register(Article)
class ArticleAdmin(ServiceAwareAdmin):
    form = ArticleAdminForm
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ["headline", "section_name", "byline", "status_badge", "published_time",
                    "edited_time"]
    list_filter = [StatusFilter, SectionFilter, ("authors", admin.RelatedOnlyFieldListFilter),
                   ("topics", admin.RelatedOnlyFieldListFilter), "kind", "featured",
                   SyndicatedFilter, "published_at"]
    list_select_related = ["section__parent__parent"]
    search_fields = ["headline", "standfirst", "body", "credited_authors__author__name"]
    date_hierarchy = "published_at"
    # Drafts (no time yet) on top, then the newest publication first, on every database.
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    list_per_page = 50
    autocomplete_fields = ["section", "topics"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ArticleAuthorInline, CreditInline, CorrectionInline]
    actions = ["publish_now", "schedule", "unpublish"]
    fieldsets = [
        (_("Story"), {"fields": ["headline", "slug", "kind", "standfirst", "body",
                                 "dateline"]}),
        (_("Placement"), {"fields": ["section", "topics", "featured"]}),
        (_("Byline"), {"fields": ["staff_byline"],
                       "description": _("Name the authors in “Byline (in order)” below; this "
                                        "text is shown only when no author is named.")}),
        (_("Image"), {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        (_("Syndication"), {"fields": ["source_name", "source_url", "source_published_at"],
                            "classes": ["collapse"],
                            "description": _("Only for stories first published elsewhere.")}),
        (_("Dates"), {"fields": ["status_summary", "published_at", "updated_at"]}),
    ]
    history_fieldset = (_("History"), {"fields": ["recent_revisions"]})
    object_history_template = "admin/content/article/object_history.html"

    class Media:
        css = {"all": ["content/admin/admin.css"]}
        js = ["content/admin/article_form.js"]

    # -- permissions -------------------------------------------------------------------

    def has_publish_permission(self, request) -> bool:
        """Publishing, scheduling and unpublishing need content.publish_article."""
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Article.Status.PUBLISHED:
            # An edit to a live or scheduled story reaches readers: it is publishing too.
            return self.has_publish_permission(request)
        return allowed

    # -- list ----------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("credited_authors",
                     queryset=ArticleAuthor.objects.select_related("author").order_by(
                         "position", "id")))

    @admin.display(description=_("Section"), ordering="section__path")
    def section_name(self, obj: Article) -> str:
        return str(obj.section) if obj.section_id else "—"

    @admin.display(description=_("Byline"))
    def byline(self, obj: Article) -> str:
        names = [credit.author.name for credit in obj.credited_authors.all()]
        return ", ".join(names) or obj.staff_byline or "—"

    @admin.display(description=_("Published"), ordering="published_at")
    def published_time(self, obj: Article) -> str:
        if obj.published_at is None:
            return "—"
        return date_format(timezone.localtime(obj.published_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Last edited"), ordering="modified_at")
    def edited_time(self, obj: Article) -> str:
        return date_format(timezone.localtime(obj.modified_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Status"), ordering="status")
    def status_badge(self, obj: Article):
        modifier, label = article_state(obj)
        title = ""
        if obj.published_at and obj.status == Article.Status.PUBLISHED:
            title = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
        return format_html('<span class="bs-badge bs-badge--{}" title="{}">{}</span>',
                           modifier, title, label)

    @admin.display(description=_("Status"))
    def status_summary(self, obj: Article | None):
        if obj is None or obj.pk is None:
            return format_html('<span class="bs-badge bs-badge--draft">{}</span> {}',
                               _("Draft"), _("New articles start as drafts."))
        modifier, label = article_state(obj)
        when = ""
        if obj.published_at:
            local = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            when = {
                "scheduled": _("goes live %(when)s"),
                "live": _("live since %(when)s"),
                "unpublished": _("first published %(when)s"),
            }.get(modifier, "")
            when = when % {"when": local} if when else ""
        return format_html('<span class="bs-badge bs-badge--{}">{}</span> {}', modifier, label,
                           when)

    @admin.display(description=_("Recent changes"))
    def recent_revisions(self, obj: Article | None):
        if obj is None or obj.pk is None:
            return "—"
        revisions = list(obj.revisions.select_related("created_by")[:5])
        if not revisions:
            return _("No revisions recorded.")
        rows = format_html_join(
            "", "<li><time>{}</time> · {} · {}</li>",
            ((date_format(timezone.localtime(r.created_at), "DATETIME_FORMAT"),
              r.get_action_display(), r.created_by.get_username() if r.created_by else
              _("system")) for r in revisions))
        history_url = reverse("admin:content_article_history", args=[obj.pk])
        return format_html('<ul class="bs-revisions">{}</ul><a href="{}">{}</a>', rows,
                           history_url, _("Full history"))

    # -- change form -----------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(self.history_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status_summary", "recent_revisions"]
        if not self.has_publish_permission(request):
            # Moving the publication time publishes or schedules: it takes the permission.
            readonly.append("published_at")
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return [ArticleAuthorInline, CreditInline]
        return self.inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        body = form.base_fields.get("body")
        if body is not None:
            body.widget.attrs.update({
                "rows": 24, "class": "bs-markdown",
                "data-preview-url": reverse("admin:content_article_markdown_preview"),
            })
        return form

    def view_on_site(self, obj: Article):
        return obj.get_absolute_url() if obj.is_live else None

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        can_publish = self.has_publish_permission(request)
        state = article_state(obj)[0] if obj is not None else "draft"
        context.update({
            "can_publish": can_publish,
            "article_state": state,
            "show_publish_button": can_publish and state != "live",
            # A live article is rescheduled by moving its time, or unpublished first.
            "show_schedule_button": can_publish and state != "live",
            "show_unpublish_button": can_publish and state in {"live", "scheduled"},
            "preview_url": (reverse("web:article_preview", args=[obj.pk])
                            if obj is not None and obj.pk else None),
        })
        return super().render_change_form(request, context, add=add, change=change,
                                          form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        action = requested_status_action(request.POST)
        if action and not self.has_publish_permission(request):
            raise ServiceRejected(ValidationError(
                _("You do not have permission to publish, schedule or unpublish articles.")))
        if not change:
            # Created in save_related, with its byline, topics and credits in one service call.
            return
        fields = {name: getattr(obj, name) for name in form.changed_data
                  if name in services.ARTICLE_EDITABLE_FIELDS}
        if "published_at" in form.changed_data and (
                obj.status != Article.Status.PUBLISHED or action):
            # Only a plain save of a published article moves its time (see _apply_status);
            # the buttons use the typed time themselves.
            obj.published_at = form.initial.get("published_at")
        if fields:
            with service_call():
                services.article_update(article=obj, by=request.user, **fields)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        by_model = {formset.model: formset for formset in formsets}
        authors = self._authors_from(by_model.get(ArticleAuthor))
        credits = self._credits_from(by_model.get(Credit))
        topics = list(form.cleaned_data.get("topics") or [])
        with service_call():
            if not change:
                fields = {name: getattr(article, name) for name in form.cleaned_data
                          if name in services.ARTICLE_EDITABLE_FIELDS and name != "headline"}
                if not fields.get("hero_image"):
                    fields.pop("hero_image", None)
                if not fields.get("slug"):
                    fields.pop("slug", None)
                adopt(article, services.article_create(
                    headline=article.headline, by=request.user, authors=authors or (),
                    topics=topics, credits=credits or (), **fields))
            else:
                if authors is not None:
                    services.article_set_authors(article=article, authors=authors)
                if "topics" in form.changed_data:
                    services.article_set_topics(article=article, topics=topics)
                if credits is not None:
                    services.article_set_credits(article=article, credits=credits)
                self._add_corrections(request, article, by_model.get(Correction))
            self._apply_status(request, article, form, change)
        for formset in formsets:
            # The services did the saving; the change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @staticmethod
    def _live_forms(formset):
        """(index, form) of the inline rows that are filled in and not marked for deletion."""
        deleted = {id(f) for f in formset.deleted_forms} if formset.can_delete else set()
        for index, inline_form in enumerate(formset.forms):
            if getattr(inline_form, "cleaned_data", None) and id(inline_form) not in deleted:
                yield index, inline_form

    def _authors_from(self, formset) -> list[Author] | None:
        if formset is None or (formset.instance.pk and not formset.has_changed()):
            return None
        ordered = sorted(
            ((f.cleaned_data.get("position") or 0, index, f.cleaned_data["author"])
             for index, f in self._live_forms(formset) if f.cleaned_data.get("author")),
            key=lambda item: item[:2])
        return [author for _position, _index, author in ordered]

    def _credits_from(self, formset) -> list[tuple[str, str, Author | None]] | None:
        if formset is None or (formset.instance.pk and not formset.has_changed()):
            return None
        ordered = sorted(
            ((f.cleaned_data.get("position") or 0, index, f.cleaned_data["name"],
              f.cleaned_data["contribution"], f.cleaned_data.get("author"))
             for index, f in self._live_forms(formset) if f.cleaned_data.get("name")),
            key=lambda item: item[:2])
        return [(name, contribution, author) for _p, _i, name, contribution, author in ordered]

    def _add_corrections(self, request, article: Article, formset) -> None:
        if formset is None:
            return
        for _index, correction_form in self._live_forms(formset):
            if correction_form.instance.pk is None and correction_form.has_changed():
                services.correction_add(article=article, text=correction_form.cleaned_data[
                    "text"], at=correction_form.cleaned_data.get("published_at"),
                                        by=request.user)

    def _apply_status(self, request, article: Article, form, change: bool) -> None:
        action = requested_status_action(request.POST)
        new_time = form.cleaned_data.get("published_at")
        if action == ACTION_PUBLISH:
            services.article_publish(article=article, by=request.user)
        elif action == ACTION_SCHEDULE:
            services.article_schedule(article=article, at=new_time, by=request.user)
        elif action == ACTION_UNPUBLISH:
            services.article_unpublish(article=article, by=request.user)
        elif (change and article.status == Article.Status.PUBLISHED
              and "published_at" in form.changed_data):
            if new_time is None:
                raise ValidationError({"published_at": _(
                    "A published article needs a publication time; use “Unpublish” to take "
                    "it off the site.")})
            services.article_publish(article=article, by=request.user, at=new_time)
        elif "published_at" in form.changed_data and new_time is not None:
            messages.warning(request, _(
                "The publication time was not saved: press “Schedule” to publish at that "
                "time."))

    def construct_change_message(self, request, form, formsets, add):
        message = super().construct_change_message(request, form, [], add)
        changed = [str(f.model._meta.verbose_name_plural) for f in formsets if f.has_changed()]
        action = requested_status_action(request.POST)
        if changed:
            message.append({"changed": {"fields": changed}})
        if action:
            message.append({"changed": {"fields": [str(
                {ACTION_PUBLISH: _("status (published now)"),
                 ACTION_SCHEDULE: _("status (scheduled)"),
                 ACTION_UNPUBLISH: _("status (unpublished)")}[action])]}})
        return message

    def _status_message(self, request, article: Article) -> None:
        state = article_state(article)[0]
        if state == "scheduled":
            text = _("“%(headline)s” is scheduled: it goes live %(when)s.") % {
                "headline": article.headline,
                "when": date_format(timezone.localtime(article.published_at),
                                    "DATETIME_FORMAT")}
        elif state == "live":
            text = _("“%(headline)s” is live.") % {"headline": article.headline}
        elif state == "unpublished":
            text = _("“%(headline)s” was taken off the site.") % {"headline": article.headline}
        else:
            return
        messages.success(request, text)

    def response_add(self, request, obj, post_url_continue=None):
        if requested_status_action(request.POST):
            self._status_message(request, obj)
            return HttpResponseRedirect(reverse("admin:content_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if requested_status_action(request.POST):
            self._status_message(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # -- history -------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            revisions = (ArticleRevision.objects.filter(article=article)
                         .select_related("created_by").order_by("-created_at", "-id"))
            extra_context = {**(extra_context or {}), "revisions": revisions[:500],
                             "revision_count": revisions.count()}
        # The admin's own view answers for missing articles and checks permissions.
        return super().history_view(request, object_id, extra_context)

    # -- Markdown preview ------------------------------------------------------------------

    def get_urls(self):
        return [
            path("markdown-preview/",
                 self.admin_site.admin_view(self.markdown_preview_view),
                 name="content_article_markdown_preview"),
            *super().get_urls(),
        ]

    def markdown_preview_view(self, request):
        return markdown_preview(request, model_admin=self)

    # -- list actions ----------------------------------------------------------------------

    def _each(self, request, queryset: QuerySet[Article], *, skip: Callable[[Article], str | None],
              run: Callable[[Article], None], failed: str) -> int:
        """Run ``run`` on each article (each in its own transaction); report every refusal."""
        if not self.has_publish_permission(request):
            self.message_user(request, _("You do not have permission to publish, schedule or "
                                         "unpublish articles."), messages.ERROR)
            return 0
        done = 0
        for article in queryset.select_related("section"):
            reason = skip(article)
            if reason:
                self.message_user(request, reason, messages.WARNING)
                continue
            try:
                run(article)
            except ValidationError as error:
                self.message_user(request, failed % {"headline": article.headline,
                                                     "reasons": _join_messages(error)},
                                  messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        done = self._each(
            request, queryset,
            skip=lambda a: (_("“%(headline)s” is already live.") % {"headline": a.headline}
                            if a.is_live else None),
            run=lambda a: services.article_publish(article=a, by=request.user),
            failed=_("“%(headline)s” was not published: %(reasons)s"))
        if done:
            self.message_user(request, ngettext("Published %d article.",
                                                "Published %d articles.", done) % done,
                              messages.SUCCESS)

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule(self, request, queryset):
        if not self.has_publish_permission(request):
            self.message_user(request, _("You do not have permission to publish, schedule or "
                                         "unpublish articles."), messages.ERROR)
            return None
        if request.POST.get("post") == "yes":
            form = ScheduleForm(request.POST)
            if form.is_valid():
                when = form.cleaned_data["publish_at"]
                done = self._each(
                    request, queryset,
                    skip=lambda a: (_("“%(headline)s” is live; unpublish it first to "
                                      "schedule it.") % {"headline": a.headline}
                                    if a.is_live else None),
                    run=lambda a: services.article_schedule(article=a, at=when,
                                                            by=request.user),
                    failed=_("“%(headline)s” was not scheduled: %(reasons)s"))
                if done:
                    self.message_user(request, ngettext(
                        "Scheduled %(count)d article for %(when)s.",
                        "Scheduled %(count)d articles for %(when)s.", done) % {
                        "count": done,
                        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT")},
                        messages.SUCCESS)
                return None
        else:
            start = timezone.localtime() + timedelta(hours=1)
            form = ScheduleForm(initial={"publish_at": start.replace(minute=0, second=0,
                                                                     microsecond=0)})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schedule articles"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "articles": queryset.select_related("section__parent__parent"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "schedule",
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/content/article/schedule.html", context)

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        done = self._each(
            request, queryset,
            skip=lambda a: (None if a.status == Article.Status.PUBLISHED else
                            _("“%(headline)s” is not published.") % {"headline": a.headline}),
            run=lambda a: services.article_unpublish(article=a, by=request.user),
            failed=_("“%(headline)s” was not unpublished: %(reasons)s"))
        if done:
            self.message_user(request, ngettext("Unpublished %d article.",
                                                "Unpublished %d articles.", done) % done,
                              messages.SUCCESS)

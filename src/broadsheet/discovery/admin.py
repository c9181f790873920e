"""Editors' control over the reading lists: pins and exclusions in an article's Related list
(on the article's own page in the admin) and signals over Recommended."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.content.models import Article
from broadsheet.core.admin import extend_registered_admin

from . import services
from .models import EditorialSignal


@admin.register(EditorialSignal)
class EditorialSignalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope", "action", "slot", "factor", "expires_at", "is_active",
                    "created_by"]
    list_filter = ["scope", "action"]
    search_fields = ["article__headline", "context__headline", "section__name"]
    autocomplete_fields = ["article", "context", "section"]
    fields = ["scope", "action", "context", "article", "section", "slot", "factor", "expires_at"]

    @admin.display(boolean=True, description=_("Active"))
    def is_active(self, obj: EditorialSignal) -> bool:
        return obj.expires_at is None or obj.expires_at > timezone.now()

    def save_model(self, request, obj, form, change):
        services.editorial_signal_save(signal=obj, by=request.user)

    def delete_model(self, request, obj):
        services.editorial_signal_delete(signal=obj)

    def delete_queryset(self, request, queryset):
        for signal in queryset:
            services.editorial_signal_delete(signal=signal)


class RelatedSignalInline(admin.TabularInline):
    model = EditorialSignal
    fk_name = "context"
    fields = ["action", "article", "slot", "expires_at"]
    autocomplete_fields = ["article"]
    extra = 0
    verbose_name = _("Related list: pin or exclude")
    verbose_name_plural = _("Related list: pins and exclusions")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope=EditorialSignal.Scope.RELATED)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class ScopedFormSet(formset):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                form.instance.scope = EditorialSignal.Scope.RELATED
                return form

        return ScopedFormSet


def _with_related_controls(base: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The article admin with the Related pins/exclusions inline, saved through services."""

    class ArticleAdminWithRelated(base):
        inlines = [*base.inlines, RelatedSignalInline]

        def save_related(self, request, form, formsets, change):
            signals = [f for f in formsets if f.model is EditorialSignal]
            others = [f for f in formsets if f.model is not EditorialSignal]
            super().save_related(request, form, others, change)
            for formset in signals:
                _save_related_signals(request, form.instance, formset)

    return ArticleAdminWithRelated


def _save_related_signals(request, article, formset) -> None:
    deleted = {id(f) for f in formset.deleted_forms} if formset.can_delete else set()
    for form in formset.forms:
        if not getattr(form, "cleaned_data", None):
            continue
        signal = form.instance
        if id(form) in deleted:
            if signal.pk:
                services.editorial_signal_delete(signal=signal)
            continue
        if signal.pk and not form.has_changed():
            continue
        signal.scope, signal.context = EditorialSignal.Scope.RELATED, article
        try:
            services.editorial_signal_save(signal=signal, by=request.user)
        except ValidationError as error:
            messages.error(request, _("A Related pin was not saved: %(reason)s") % {
                "reason": "; ".join(error.messages)})
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


extend_registered_admin(Article, "shows_related_controls", _with_related_controls)

"""Admin views for the newsroom: views per article, reactions, and reading-list CTR."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from broadsheet.content.models import Article
from broadsheet.core.admin import extend_registered_admin

from . import selectors
from .models import ArticleStats, Reaction, WidgetStat


@admin.register(ArticleStats)
class ArticleStatsAdmin(admin.ModelAdmin):
    """Views per article: all time and the last 24 hours, sortable by either."""

    list_display = ["article", "views_total", "views_24h", "last_viewed_at"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    ordering = ["-views"]
    readonly_fields = ["article", "views", "last_viewed_at"]

    def get_queryset(self, request):
        articles = selectors.articles_with_views()
        return super().get_queryset(request).annotate(
            views_24h_n=Subquery(articles.filter(pk=OuterRef("article_id"))
                                 .values("views_24h")[:1]),
        )

    @admin.display(description=_("Views (total)"), ordering="views")
    def views_total(self, obj: ArticleStats) -> int:
        return obj.views

    @admin.display(description=_("Views (last 24 h)"), ordering="views_24h_n")
    def views_24h(self, obj: ArticleStats) -> int:
        return obj.views_24h_n or 0

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WidgetStat)
class WidgetStatAdmin(admin.ModelAdmin):
    """Impressions, clicks and click-through rate of each reading list per day."""

    list_display = ["date", "widget", "impressions", "clicks", "ctr_display"]
    list_filter = ["widget"]
    date_hierarchy = "date"

    @admin.display(description=_("CTR"))
    def ctr_display(self, obj: WidgetStat) -> str:
        return "—" if obj.ctr is None else f"{obj.ctr:.1%}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    """Reactions by article and type (moderators can delete abusive floods)."""

    list_display = ["article", "kind", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    readonly_fields = ["article", "voter_id", "kind", "created_at", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False


def _with_view_columns(base: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The newsroom's article list with "Views (24 h)" and "Views (total)" columns."""

    class ArticleAdminWithViews(base):
        list_display = [*base.list_display, "views_24h_column", "views_total_column"]

        def get_queryset(self, request):
            return selectors.with_view_counts(super().get_queryset(request))

        @admin.display(description=_("Views (24 h)"), ordering="views_24h")
        def views_24h_column(self, obj) -> int:
            return obj.views_24h

        @admin.display(description=_("Views (total)"), ordering="views_total")
        def views_total_column(self, obj) -> int:
            return obj.views_total

    return ArticleAdminWithViews


extend_registered_admin(Article, "shows_engagement_views", _with_view_columns)

from django.urls import path, re_path

from . import feeds, sitemaps

app_name = "syndication"

SECTION_PATH = r"(?P<path>[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*){0,3})"

urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemaps/news.xml", sitemaps.news_sitemap, name="news-sitemap"),
    re_path(r"^sitemaps/(?P<section>[a-z0-9-]+)\.xml$", sitemaps.sitemap_section,
            name="sitemap-section"),
    path("feeds/rss/", feeds.rss_view("site"), name="site-rss"),
    path("feeds/atom/", feeds.atom_view("site"), name="site-atom"),
    path("feeds/site.json", feeds.site_json_view, name="site-json"),
    re_path(rf"^feeds/sections/{SECTION_PATH}/rss/$", feeds.rss_view("section"),
            name="section-rss"),
    re_path(rf"^feeds/sections/{SECTION_PATH}/atom/$", feeds.atom_view("section"),
            name="section-atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.rss_view("topic"), name="topic-rss"),
    path("feeds/topics/<slug:slug>/atom/", feeds.atom_view("topic"), name="topic-atom"),
    path("feeds/authors/<slug:slug>/rss/", feeds.rss_view("author"), name="author-rss"),
    path("feeds/authors/<slug:slug>/atom/", feeds.atom_view("author"), name="author-atom"),
]

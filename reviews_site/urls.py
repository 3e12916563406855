from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from . import views
from .cache import page_cache_exempt, reads_query_parameters, without_last_modified
from .sitemaps import SITEMAPS

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Catalog and write-ups"

# Uploaded files, when the site serves them itself (SERVE_MEDIA).
media_patterns = [re_path(r"^media/(?P<path>.*)$", views.serve_media, name="media")]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("reviews_site.api.urls")),
    path(
        "robots.txt",
        # Made afresh each time: it reads no content, so it needs no cache generation.
        page_cache_exempt(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots_txt",
    ),
    path(
        "sitemap.xml",
        reads_query_parameters()(without_last_modified(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        reads_query_parameters("p")(without_last_modified(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", views.HomeView.as_view(), name="home"),
    path("", include("reviews.urls")),
    path("", include("catalog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += media_patterns

if settings.BENCHMARK_VIEWS:
    from tools import bench_views

    urlpatterns += [
        path("bench/minimal/", bench_views.minimal, name="bench_minimal"),
        path("bench/layout/", bench_views.layout, name="bench_layout"),
        path("bench/stock-list/", bench_views.stock_list, name="bench_stock_list"),
    ]

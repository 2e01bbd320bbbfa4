from django.contrib.sitemaps.views import sitemap
from django.urls import path

from blog import assets, engagement, views
from blog.feeds import LatestPostsAtomFeed, LatestPostsFeed
from blog.sitemaps import PostSitemap

app_name = "blog"

urlpatterns = [
    path("", views.PostArchiveIndexView.as_view(), name="index"),
    path("seite/<int:page>/", views.index_page, name="index-page"),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("feed/", LatestPostsFeed(), name="feed"),
    path("feed/atom/", LatestPostsAtomFeed(), name="feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": {"posts": PostSitemap}}, name="sitemap"),
    path("impressum/", views.ImprintView.as_view(), name="imprint"),
    path("favicon.ico", assets.favicon, name="favicon"),
    path("archiv/", views.ArchiveOverviewView.as_view(), name="archive"),
    path("<int:year>/<str:month>/", views.PostMonthArchiveView.as_view(), name="archive-month"),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.PostDateDetailView.as_view(),
        name="post",
    ),
    path("thema/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("autor/<slug:slug>/", views.AuthorView.as_view(), name="author"),
]

# Reader engagement: ratings, thesis votes, recommending a post by mail.
urlpatterns += [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/bewerten/",
        engagement.rate_post,
        name="post-rate",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/empfehlen/",
        engagement.share_post,
        name="post-share",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/thesen/<int:position>/abstimmen/",
        engagement.vote_thesis,
        name="thesis-vote",
    ),
]

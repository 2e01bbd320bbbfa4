from django.urls import path

from blog import views

app_name = "blog"

urlpatterns = [
    path("", views.PostArchiveIndexView.as_view(), name="index"),
    path("seite/<int:page>/", views.PostArchiveIndexView.as_view(), name="index-page"),
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

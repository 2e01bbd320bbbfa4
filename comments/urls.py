from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/kommentare/",
        views.CommentCreateView.as_view(),
        name="create",
    ),
    path("kommentar/<int:pk>/", views.permalink, name="permalink"),
]

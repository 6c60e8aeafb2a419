"""Two instances of one application namespace, for the {% url %} tag's tests."""

from django.http import HttpResponse
from django.urls import include, path


def page(request):
    return HttpResponse("")


pages = ([path("page/", page, name="page")], "app")

urlpatterns = [
    path("one/", include(pages, namespace="one")),
    path("two/", include(pages, namespace="two")),
]

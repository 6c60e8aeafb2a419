from django.urls import path

from bench.baseline.views import BaselineJobListView
from jobboard.urls import urlpatterns as board_urlpatterns

# The baseline answers /jobs/; the board's own URLs stay for the links the list prints.
urlpatterns = [
    path("jobs/", BaselineJobListView.as_view(), name="baseline_jobs"),
    *board_urlpatterns,
]

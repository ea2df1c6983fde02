"""The read-only HSDS 3.0 API of one town: /hsds/<municipality_slug>/..."""

app_name = "hsds"

urlpatterns = []

"""Public pages of bodies and meetings: /<lang>/<municipality_slug>/gremien/..."""

app_name = "bodies-public"

urlpatterns: list = []

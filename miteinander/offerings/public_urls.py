"""The public offerings directory: /<lang>/<municipality_slug>/angebote/..."""

app_name = "offerings-public"

urlpatterns = []

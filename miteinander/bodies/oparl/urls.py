"""OParl 1.1 routes; filled in by the OParl views."""

app_name = "oparl"

urlpatterns: list = []

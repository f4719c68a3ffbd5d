"""Pages of the audits app, under /audits/."""

app_name = "audits"

urlpatterns: list = []

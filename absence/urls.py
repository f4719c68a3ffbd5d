"""Pages of the absence app, under /absence/."""

app_name = "absence"

urlpatterns: list = []

"""Pages of the sharing app, under /sharing/."""

app_name = "sharing"

urlpatterns: list = []

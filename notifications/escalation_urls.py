"""Pages of "Need to Know" escalations and missing episodes, under /escalations/."""

app_name = "escalations"

urlpatterns: list = []

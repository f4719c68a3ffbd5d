"""The REST API of the sharing app.

`ROUTES` (prefix, viewset, basename) are registered on the API router and `PATHS`
added to /api/ by config/api_urls.py.
"""

ROUTES: list = []
PATHS: list = []

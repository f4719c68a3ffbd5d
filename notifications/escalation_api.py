"""The REST API of "Need to Know" escalations and missing episodes.

`ROUTES` (prefix, viewset, basename) and `PATHS` are added to /api/ by config/api_urls.py.
"""

ROUTES: list = []
PATHS: list = []

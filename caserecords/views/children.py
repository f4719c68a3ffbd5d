"""Pages of the child's file: caseload, child list, the file itself, chronology, documents."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("Not built yet", status=501)


caseload = child_list = child_file = chronology_new = document_new = document_download = _todo

"""Pages for observations: record, view, edit a draft, complete, amend, history."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("Not built yet", status=501)


observation_new = observation_detail = observation_edit = observation_complete = _todo
amendment_new = entered_in_error_new = amendment_decide = observation_history = _todo

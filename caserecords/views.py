from django.shortcuts import render


def caseload(request):
    return render(request, "caserecords/caseload.html", {})

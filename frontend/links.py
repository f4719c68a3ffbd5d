"""Links to many objects of one kind on a page, reversed once rather than once per row."""

from collections.abc import Iterable

from django.urls import reverse

# A primary key no row has: reversed in the row's place, then replaced by each row's.
_ANY_PK = 987654321


def reverse_each(viewname: str, pks: Iterable[int], *args: object) -> dict[int, str]:
    """pk -> reverse(viewname, args=[pk, *args]) for each pk, with one reverse in all.

    A reverse costs as much as rendering the rest of a table row: with a row per team
    for the director's 80 teams, a `{% url %}` per link was a fifth of the page's time.
    """
    url = reverse(viewname, args=[_ANY_PK, *args])
    return {pk: url.replace(str(_ANY_PK), str(int(pk))) for pk in pks}

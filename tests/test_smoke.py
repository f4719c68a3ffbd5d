from caserecords.access import children_visible_to


def test_the_personas_see_what_need_to_know_allows(everyone, child, other_child):
    seen = {name: set(children_visible_to(user)) for name, user in everyone.items()}
    assert seen["worker"] == {child}
    assert seen["otherworker"] == {other_child}
    assert seen["director"] == {child, other_child}
    assert seen["auditor"] == set()

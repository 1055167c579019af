"""The one wording of an ignored query-string value (catalog.query_problems), shared by
the series and character filters and the universe pages' forms."""

from catalog.query_problems import quoted
from franchise.forms import WatchOrderForm


def test_a_value_is_quoted_whole_up_to_40_characters_and_cut_short_after():
    assert quoted("bosch") == "“bosch”"
    assert quoted("x" * 40) == f"“{'x' * 40}”"
    assert quoted("x" * 100) == f"“{'x' * 40}…”"


def test_a_form_words_each_ignored_field():
    form = WatchOrderForm({"essentials": "yes", "episodes": "1"})

    assert form.problems() == [
        "“yes” is not a value for “Crossover essentials only”: it was ignored."
    ]

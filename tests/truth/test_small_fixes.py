"""Issue 12, item 5 on the rendered seed pages: creators in the order the sources give,
disagreeing sources shown as a conflict with both sources, claim 26's verdict as the fact
sheet gives it, and the editors' notes on series shown."""

import pytest
from django.db import IntegrityError, transaction

from catalog.factories import ReviewFactory, SourceFactory
from catalog.models import Claim, Review
from tests.franchise.test_universe_pages import text
from tests.truth.test_seasons import of_type

pytestmark = pytest.mark.django_db


def test_ballard_json_ld_names_its_creators_before_its_co_creator(client, seeded):
    creators = of_type(client.get("/series/ballard/"), "TVSeries")["creator"]
    # The two creators by name, then Connelly (co-creator), once though he has 3 credits.
    assert [creator["name"] for creator in creators] == [
        "Kendall Sherwood",
        "Michael Alaimo",
        "Michael Connelly",
    ]


def test_bosch_tomatometer_is_shown_as_a_conflict_with_both_sources(client, seeded):
    response = client.get("/series/bosch/")
    html, page = response.content.decode(), text(response)
    assert "94% Rotten Tomatoes (Tomatometer)" in page
    mirror = "bitcoinethereumnews.com (mirror of Forbes) weak source"  # flagged as a fact
    assert f"Sources disagree 97% per {mirror}" in page
    assert "Sources disagree 94% per" in page  # the Popcornmeter's reverse reading
    assert 'href="https://bitcoinethereumnews.com/finance/' in html
    assert 'href="https://comicbook.com/tv-shows/news/amazon-prime-video-tv-show' in html
    tomatometer = Review.objects.get(series__slug="bosch", kind="aggregate")
    assert tomatometer.disputed_by.reliability == "weak"
    assert [citation.source.url for citation in tomatometer.citations.all()] == [
        "https://comicbook.com/tv-shows/news/amazon-prime-video-tv-show-series-ballard-rotten-tomatoes/"
    ]


def test_a_disputed_score_needs_its_source_and_fits_the_scale():
    review = ReviewFactory(kind="aggregate", score=90, scale=100)
    unsourced = {"disputed_score": 80}
    off_the_scale = {"disputed_score": 180, "disputed_by": SourceFactory()}
    for changes in (unsourced, off_the_scale):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.filter(pk=review.pk).update(**changes)


def test_claim_26_is_confirmed_as_the_fact_sheet_says(client, seeded):
    claim = Claim.objects.get(series__slug="ballard", number=26)
    assert claim.verdict == "confirmed"


def test_the_series_editors_note_is_shown(client, seeded):
    page = text(client.get("/series/bosch-legacy/"))
    assert "Editors’ note: Network: Amazon Freevee, where seasons 1–2 premiered" in page
    assert "Editors’ note:" in text(client.get("/series/bosch/"))

"""Issue 12, "Claims": each claim on a series page carries schema.org ClaimReview JSON-LD,
with the claim, its claimant, the dates, the verdict as reviewRating and the evidence."""

import pytest

from catalog.models import Claim
from tests.truth.test_seasons import jsonld

pytestmark = pytest.mark.django_db


def claim_reviews(response) -> list[dict]:
    return [block for block in jsonld(response) if block.get("@type") == "ClaimReview"]


def test_every_claim_about_ballard_has_its_claim_review(client, seeded):
    response = client.get("/series/ballard/")
    reviews = claim_reviews(response)
    claims = Claim.objects.published().filter(series__slug="ballard")
    assert len(reviews) == claims.count() == 26
    html = response.content.decode()
    for review in reviews:
        anchor = review["url"].split("#")[1]
        assert f'id="{anchor}"' in html
        assert review["author"]["name"] == "Showbible"
        assert review["itemReviewed"]["author"] == {
            "@type": "Organization",
            "name": "updatetinus.com (content farm)",
        }
        assert review["itemReviewed"]["appearance"]["url"].startswith("https://updatetinus.com/")
        assert review["datePublished"]


def test_a_claim_review_rates_the_verdict_and_gives_the_evidence(client, seeded):
    reviews = {r["claimReviewed"]: r for r in claim_reviews(client.get("/series/ballard/"))}
    created_by = reviews['"Created by Michael Connelly"']
    assert created_by["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert created_by["reviewBody"].startswith("Misleading, partly contradicted")
    evidence = {cited["url"] for cited in created_by["citation"]}
    assert "https://en.wikipedia.org/wiki/Ballard_(TV_series)" in evidence
    assert not any("updatetinus" in url for url in evidence)  # the claimant is not evidence

    released = reviews["Released July 9, 2025"]["reviewRating"]
    assert (released["alternateName"], released["ratingValue"]) == ("Confirmed", 5)
    unverified = reviews['Critics calling it "the thriller of the decade"']["reviewRating"]
    assert unverified == {"@type": "Rating", "alternateName": "Unverified"}

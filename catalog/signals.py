"""Keeps each series' stored critic score (Series.critic_score and critic_review) in step
with the writes that can change it: a review saved or deleted, a season saved (its status,
its number) or deleted. Bulk services send no signals and call critic_scores_refresh()
themselves."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from catalog.models import Review, Season, Series

# Above this many records, refresh every series: one UPDATE, and no list of ids too long
# for SQLite's statement limits.
TARGETED_LIMIT = 2_000


def critic_scores_refresh(*, reviews=(), seasons=(), using: str = "default") -> None:
    """Refresh the critic score of the series these reviews and seasons belong to, and of
    those whose score came from one of them (a review or season moved elsewhere)."""
    reviews, seasons = list(reviews), list(seasons)
    series = Series.objects.using(using)
    if len(reviews) + len(seasons) > TARGETED_LIMIT:
        series.critic_scores_refresh()
        return
    touched = (
        Q(pk__in={r.series_id for r in reviews if r.series_id})
        | Q(seasons__in={r.season_id for r in reviews if r.season_id})
        | Q(critic_review__in=[r.pk for r in reviews])
        | Q(pk__in={s.series_id for s in seasons})
        | Q(critic_review__season__in=[s.pk for s in seasons])
    )
    series.filter(touched).critic_scores_refresh()


def _review_written(sender, instance, using, **kwargs):
    if not kwargs.get("raw"):
        critic_scores_refresh(reviews=[instance], using=using)


def _season_written(sender, instance, using, **kwargs):
    if not kwargs.get("raw"):
        critic_scores_refresh(seasons=[instance], using=using)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_review_written, sender=Review, dispatch_uid=f"critic-review-{id(signal)}")
        signal.connect(_season_written, sender=Season, dispatch_uid=f"critic-season-{id(signal)}")

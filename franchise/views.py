"""Public pages of the fictional world."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from franchise.models import Character, Universe


@require_safe
def character_list(request):
    characters = Character.objects.published()
    return render(request, "franchise/character_list.html", {"characters": characters})


@require_safe
def character_detail(request, slug):
    character = get_object_or_404(Character.objects.published(), slug=slug)
    return render(request, "franchise/character_detail.html", {"character": character})


@require_safe
def universe_list(request):
    universes = Universe.objects.published()
    return render(request, "franchise/universe_list.html", {"universes": universes})


@require_safe
def universe_detail(request, slug):
    universe = get_object_or_404(Universe.objects.published(), slug=slug)
    return render(request, "franchise/universe_detail.html", {"universe": universe})

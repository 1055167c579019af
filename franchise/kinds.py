"""The kinds the fictional world is told in: how a character appears in a series
(AppearanceKind, with its rank, whether it is on screen, and how pages word it), how two
series are linked (LinkKind), and where a connection holds (CanonScope). Choices only,
each with its rules; franchise.models stores them."""

from catalog.choices import MemberText, RankedChoices, TextChoices


class AppearanceKind(RankedChoices):
    """Kinds of appearance, strongest first.

    A billing (main, recurring, guest) is stored only where a source gives it; "cast" is a
    part in the cast whose billing no source gives. The others say what happened: a cameo,
    a flashback (the character seen in the story's past), a mention (talked about, not seen).
    """

    MAIN = "main"
    RECURRING = "recurring"
    CAST = "cast"
    GUEST = "guest"
    CAMEO = "cameo"
    FLASHBACK = "flashback"
    MENTION = "mention"

    @property
    def on_screen(self) -> bool:
        """Seen on screen: a mention is talked about, not seen."""
        return self != AppearanceKind.MENTION

    @property
    def present(self) -> bool:
        """On screen in the story's present: a flashback shows the past, a mention no one.
        Only such an appearance, away from home, is a crossover."""
        return self not in (AppearanceKind.FLASHBACK, AppearanceKind.MENTION)

    @property
    def phrase(self) -> str:
        """How a page words it in running text: "guest", "cast", "flashback", "mentioned"."""
        return self.label.lower() if self.on_screen else "mentioned"

    @property
    def cast_phrase(self) -> str:
        """Its phrase for a part in a whole series: "main cast", "cast", "mentioned"."""
        if self == AppearanceKind.CAST or not self.present:
            return self.phrase
        return f"{self.phrase} cast"

    @property
    def scope(self) -> "CanonScope":
        """Where a character seen this way joins this series to another it is in: on screen
        (seen, or named, in the story), except when only a flashback shows it here; then the
        books the shows adapt make the two one (young Mickey Haller, credited "Son", in
        Bosch: Legacy 1×8 is The Lincoln Lawyer's lead only in Connelly's novels)."""
        if self == AppearanceKind.FLASHBACK:
            return CanonScope.BOOKS_ONLY
        return CanonScope.ON_SCREEN

    @property
    def visit_label(self) -> str:
        """What a visit of this kind from another series is: "Crossover" only on screen in
        the story's present, else "Flashback" or "Mentioned"."""
        return "Crossover" if self.present else self.phrase.capitalize()

    @property
    def visit_badge(self) -> str:
        """The badge style of such a visit (badge--cross, badge--flashback, badge--mention)."""
        return "cross" if self.present else self.value


class LinkKind(TextChoices):
    SPIN_OFF_OF = "spin_off_of", "spin-off of"
    SEQUEL_TO = "sequel_to", "sequel to"
    PREQUEL_TO = "prequel_to", "prequel to"
    CROSSOVER_WITH = "crossover_with", "crossover with"
    SHARES_CHARACTERS_WITH = "shares_characters_with", "shares characters with"
    REFERENCES = "references", "references"
    SAME_LITERARY_UNIVERSE = "same_literary_universe", "same literary universe as"


ORDER_KINDS = [LinkKind.SEQUEL_TO.value, LinkKind.PREQUEL_TO.value]


class CanonScope(RankedChoices):
    """Where a connection holds, strongest first."""

    ON_SCREEN = "on_screen", "on screen", "the shows themselves are linked"
    BOOKS_ONLY = (
        "books_only",
        "in the books only",
        "only the books they adapt join them, not the screen",
    )
    PRODUCTION = (
        "production",
        "production reference",
        "a reference behind the camera, not a link in the story",
    )

    meaning = MemberText()  # what a link of this scope says about the two shows


# Link kinds with a scope of their own: kind -> (the one scope it may have, why). Each is a
# database constraint, whose message the admin shows.
FIXED_SCOPES = {
    LinkKind.CROSSOVER_WITH: (CanonScope.ON_SCREEN, "A crossover happens on screen"),
    LinkKind.SAME_LITERARY_UNIVERSE: (
        CanonScope.BOOKS_ONLY,
        "A shared literary universe is the books’",
    ),
}

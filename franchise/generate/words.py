"""The words generated names are drawn from, and the names drawn from them."""

# Vocabulary the names are drawn from. Order matters: changing it changes every catalogue.
ADJECTIVES = (
    "Silent", "Broken", "Hollow", "Golden", "Crimson", "Last", "Long", "Cold", "Hidden",
    "Burning", "Quiet", "Dark", "Lost", "Iron", "Narrow", "Bright", "Twelfth", "Black",
    "Lonely", "Wicked", "Final", "Open", "Northern", "Blind",
)  # fmt: skip
NOUNS = (
    "Harbor", "Verdict", "Canyon", "Witness", "Echo", "Precinct", "Ledger", "Orchard",
    "Tide", "Signal", "Alibi", "Boulevard", "Motive", "Lantern", "Ridge", "Warrant",
    "Shadow", "Current", "Docket", "Highway", "Summit", "Ember", "Archive", "Crossing",
)  # fmt: skip
PLACES = (
    "Hollywood", "Echo Park", "Silver Lake", "Venice", "Malibu", "Pasadena", "Long Beach",
    "Van Nuys", "Burbank", "Topanga", "San Pedro", "Glendale", "Culver City", "Encino",
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Ben", "Cora", "Dev", "Elena", "Felix", "Greta", "Hugo", "Iris", "Jonah",
    "Kira", "Leo", "Maya", "Nico", "Olive", "Pablo", "Quinn", "Rosa", "Sami", "Tessa",
    "Uma", "Victor", "Wren", "Xavier", "Yara", "Zane", "Alma", "Bruno", "Celia", "Dario",
    "Esme", "Frank", "Gia", "Henry", "Ines", "Jack", "Lena", "Marco", "Nora", "Owen",
)  # fmt: skip
LAST_NAMES = (
    "Alvarez", "Brennan", "Castillo", "Doyle", "Ellison", "Fischer", "Garland", "Hayes",
    "Ibarra", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Park",
    "Quintero", "Reyes", "Sato", "Thorne", "Underwood", "Vance", "Whitaker", "Young",
    "Zeller", "Abbott", "Bishop", "Crane", "Delgado", "Everett", "Foley", "Grady",
)  # fmt: skip
NETWORK_STEMS = (
    "Streamline", "Northlight", "Cinewave", "Harborview", "Blue Mesa", "Redline",
    "Skyframe", "Palisade", "Meridian", "Lumen",
)  # fmt: skip
NETWORK_SUFFIXES = ("TV", "+", "Plus", "One", "Network", "Studios")
GENRE_NAMES = (
    "Crime drama", "Legal drama", "Police procedural", "Thriller", "Mystery", "Drama",
    "Neo-noir", "Action", "Comedy", "Family drama", "Political thriller", "Western",
    "Science fiction", "Documentary", "Medical drama", "Anthology",
)  # fmt: skip
OUTLETS = (
    "The Daily Screen", "Cable Review", "Episode Weekly", "Streaming Gazette",
    "The Reel Report", "Couch Critic", "Prime Time Post", "The Binge Journal",
)  # fmt: skip
VERBS = (
    "investigates", "defends", "uncovers", "reopens", "chases", "protects", "questions",
    "confronts", "tracks", "exposes",
)  # fmt: skip


class Words:
    """Names and sentences from the generator's random stream (self.rng)."""

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def series_title(self) -> str:
        rng = self.rng
        pattern = rng.randrange(4)
        if pattern == 0:
            return f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if pattern == 1:
            return f"{rng.choice(PLACES)} {rng.choice(NOUNS)}"
        if pattern == 2:
            return rng.choice(LAST_NAMES)
        return f"{rng.choice(NOUNS)}s of {rng.choice(PLACES)}"

    def episode_title(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"The {rng.choice(NOUNS)}"
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"

    def sentence(self, subject: str) -> str:
        rng = self.rng
        return (
            f"{subject}: a {rng.choice(ADJECTIVES).lower()} {rng.choice(NOUNS).lower()} "
            f"{rng.choice(VERBS)} the {rng.choice(NOUNS).lower()} of {rng.choice(PLACES)}."
        )

"""Words, names, prose and dates for the synthetic case: the pools its table rows draw from."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.domain.dates import DateBounds, parse_edtf

_FIRST_DAY = date(2015, 1, 1).toordinal()
_DAYS = date(2025, 12, 31).toordinal() - _FIRST_DAY + 1

_COMMON = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when if "
    "more no out so said what up its about into than them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made "
    "after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still "
    "own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take "
    "report board model company agency filing contract data safety release policy evidence"
).split()
# A few non-ASCII words, so character positions and UTF-8 byte offsets differ as in real text.
_ACCENTED = ("café", "Zürich", "naïve", "résumé", "São", "Kraków", "façade", "Ångström", "–")
_SYLLABLES = (
    "ka ri no ve ta lo mi sa ne ro zu pe dan tor vel mar lin sor qua bel fen gri hal "
    "jor kes lum nor pra sel tev ul vox wen yar zel bri cor dra fla gro"
).split()
_PUBLISHER_FORMS = ("The {} Times", "{} Daily", "{} Review", "{} Wire", "{} Post", "{} Journal")
_COMPANY_FORMS = ("{} Labs", "{} Systems", "{} Inc.", "{} AI", "{} Group", "{} Technologies")
_AGENCY_FORMS = ("Office of {}", "{} Authority", "{} Commission", "Ministry of {}")


class Prose:
    """A vocabulary, stock sentences and publishers drawn once; words, texts and names on demand.

    Every method draws from the rng it is given, in a fixed order, so a seed gives the same text.
    """

    def __init__(self, rng: random.Random):
        self.words = _COMMON + list(_ACCENTED) + sorted(
            {pseudo_word(rng) for _ in range(3000)}
        )
        # Roughly Zipf-shaped word frequencies, like real prose.
        self.word_weights = cumulative([1 / (k + 1) for k in range(len(self.words))])
        self.sentences = [self.sentence(rng) for _ in range(4096)]
        self.publishers = sorted(
            {rng.choice(_PUBLISHER_FORMS).format(pseudo_word(rng).title())
             for _ in range(200)}
        )

    def pick(self, rng: random.Random, n: int) -> list[str]:
        """n words, common ones far more often than rare ones."""
        return rng.choices(self.words, cum_weights=self.word_weights, k=n)

    def phrase(self, rng: random.Random, low: int, high: int) -> str:
        """low to high words, space-separated, in lower case as drawn."""
        return " ".join(self.pick(rng, rng.randint(low, high)))

    def title(self, rng: random.Random) -> str:
        """A source's headline: five to eleven words in title case."""
        return self.phrase(rng, 5, 11).title()

    def sentence(self, rng: random.Random) -> str:
        words = self.pick(rng, rng.randint(8, 24))
        return " ".join(words).capitalize() + rng.choice((".", ".", ".", "?", ";"))

    def text(self, rng: random.Random, title: str, names: list[str]) -> str:
        """2,000-4,000 characters in paragraphs, naming a few entities as articles do."""
        target = rng.randint(2000, 4000)
        paragraphs = [title]
        length = len(title)
        while length < target:
            parts = []
            for _ in range(rng.randint(3, 6)):
                if rng.random() < 0.15:
                    name = rng.choice(names)
                    parts.append(f"{name} {self.phrase(rng, 5, 12)}.")
                else:
                    parts.append(rng.choice(self.sentences))
            paragraph = " ".join(parts)
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        return "\n\n".join(paragraphs)


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def entity_name(rng: random.Random, kind: str) -> tuple[str, list[str]]:
    """An entity's name for its kind, and the other forms it goes by (alias candidates)."""
    word = pseudo_word(rng).title()
    if kind == "person":
        first, last = word, pseudo_word(rng).title()
        return f"{first} {last}", [f"{first[0]}. {last}", last]
    if kind == "company":
        name = rng.choice(_COMPANY_FORMS).format(word)
        return name, [word, word.upper()[:4]]
    if kind == "agency":
        name = rng.choice(_AGENCY_FORMS).format(word)
        return name, ["".join(w[0] for w in name.split()).upper(), f"the {word} office"]
    if kind == "model":
        version = rng.randint(1, 9)
        return f"{word}-{version}", [f"{word.lower()}{version}", f"{word} v{version}"]
    if kind == "document":
        year = rng.randint(2015, 2025)
        return f"{word} Report {year}", [f"the {word} report", f"{word}-{year}"]
    return word, [word.lower()]


class DatePool:
    """A fixed pool of EDTF texts with bounds from the real parse_edtf.

    parse_edtf costs ~15 ms a call (the edtf library's grammar), so parsing each of a million
    dates would take hours; a pool of distinct texts, scaled with the case, keeps it to seconds.
    """

    def __init__(self, rng: random.Random, counts: dict[str, int]):
        dated_rows = counts["sources"] + counts["claims"] + counts["events"]
        size = max(24, min(1000, dated_rows // 100))
        texts = sorted({self._edtf(rng) for _ in range(size)})
        parsed = [parse_edtf(text) for text in texts]
        self.points = [b for b in parsed if b.precision != "interval"] or parsed
        self.all = parsed

    @staticmethod
    def _edtf(rng: random.Random) -> str:
        day = date.fromordinal(_FIRST_DAY + rng.randrange(_DAYS))
        roll = rng.random()
        if roll < 0.45:
            return day.isoformat()
        if roll < 0.60:
            return day.isoformat()[:7]
        if roll < 0.70:
            return f"{day.isoformat()}~"
        if roll < 0.75:
            return f"{day.isoformat()[:7]}~"
        if roll < 0.80:
            return f"{day.isoformat()[:7]}?"
        if roll < 0.85:
            return str(day.year)
        end = day + timedelta(days=rng.randint(1, 120))
        return f"{day.isoformat()}/{end.isoformat()}"

    def point(self, rng: random.Random) -> DateBounds:
        return rng.choice(self.points)

    def any(self, rng: random.Random) -> DateBounds:
        return rng.choice(self.all)


def cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def distinct(rng: random.Random, n: int, k: int) -> list[int]:
    """k distinct ids in 1..n (fewer if n is smaller), for UNIQUE pairs such as citations."""
    k = min(k, n)
    picked: list[int] = []
    while len(picked) < k:
        value = rng.randint(1, n)
        if value not in picked:
            picked.append(value)
    return picked

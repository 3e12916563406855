"""Korean-looking names with their other spellings, and skewed popularity.

A name is a family name and two given-name syllables ("Park Seo-jun",
박서준). Its other spellings are what readers meet elsewhere: the syllables
run together ("Park Seojun"), another romanization of one part ("Bak
Seo-joon"), given name first ("Seo-jun Park").
"""

import itertools
from dataclasses import dataclass

from .vocabulary import FAMILY_NAMES, GIVEN_SYLLABLES


@dataclass(frozen=True)
class KoreanName:
    family: tuple
    first: tuple
    second: tuple

    @property
    def name(self):
        return f"{self.family[1]} {self.first[1].capitalize()}-{self.second[1]}"

    @property
    def given(self):
        return f"{self.first[1].capitalize()}-{self.second[1]}"

    @property
    def native(self):
        return self.family[0] + self.first[0] + self.second[0]

    def variants(self, rng, count):
        """Up to ``count`` other spellings of the name, never the name itself."""
        family, first, second = self.family[1], self.first[1], self.second[1]
        options = [
            f"{family} {first.capitalize()}{second}",
            f"{first.capitalize()}-{second} {family}",
        ]
        for fam, one, two in itertools.product(
            [family, *self.family[2]], [first, *self.first[2]], [second, *self.second[2]]
        ):
            options.append(f"{fam} {one.capitalize()}-{two}")
        spellings = [option for option in dict.fromkeys(options) if option != self.name]
        return rng.sample(spellings, min(count, len(spellings)))


def korean_name(rng):
    first, second = rng.sample(GIVEN_SYLLABLES, 2)
    return KoreanName(rng.choice(FAMILY_NAMES), first, second)


def popularity(rng, size, cap):
    """Weights for ``size`` items: a few very popular, most barely (Pareto, capped)."""
    return [min(cap, rng.paretovariate(1.16)) for _ in range(size)]


def cumulative(weights):
    return list(itertools.accumulate(weights))


def distinct_picks(rng, population, cum_weights, count):
    """``count`` different items drawn by weight (fewer if the population is smaller)."""
    count = min(count, len(population))
    chosen = {}
    while len(chosen) < count:
        for item in rng.choices(population, cum_weights=cum_weights, k=count * 2):
            chosen.setdefault(item, None)
            if len(chosen) == count:
                break
    return list(chosen)


def spread(rng, total, cum_weights, size):
    """Split ``total`` items over ``size`` owners by weight: an exact count per owner."""
    counts = [0] * size
    for owner in rng.choices(range(size), cum_weights=cum_weights, k=total):
        counts[owner] += 1
    return counts

"""The launch fixture files, and the site chrome that must not be copied into them."""

from django.conf import settings

FIXTURES = [
    str(settings.BASE_DIR / "fixtures" / name) for name in ("catalog.json", "writeups.json")
]

# Navigation and teasers of the sites the articles were copied from, one a line.
CHROME = """
Don't miss
Read more:
Also Read
top of page
Writer's picture
Comments
bottom of page
Leave a Reply
Follow us
Next Story
Candy: Was She Found Guilty
Who Killed Sara
The Perfect Family
Katt Williams
Toscana
Still From Soundtrack No1 Episode 1
soundtrack #1 episode 1
Stevie Wonder
Kelsea Ballerini
Thirty Nine
Twenty Five Twenty One
Forecasting Love and Weather
Parallels Review
GwenchaNoona The Weekend Binge
A GwenchaNoona K-drama Review
Park Hyung-sik and Han So-hee in "Soundtrack #1"
4.9 || 4.8
""".strip().splitlines()

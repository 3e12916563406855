"""Every kind of page, at desktop and phone widths and in dark mode: a screenshot and an axe scan.

The screenshots go to artifacts/screenshots/ (git-ignored, kept by CI as
artefacts). axe-core (node_modules/axe-core, pinned in package.json) is
evaluated in the page through the DevTools protocol, which the page's
Content-Security-Policy does not govern, so the scan sees the page exactly
as a reader gets it. A serious or critical violation fails the test; the
message lists each rule with the elements it flagged.
"""

import pytest
from django.core.management import call_command

from catalog.models import Person, Show
from reviews.models import WriteUp
from tools.generated_images import attach_images

from .conftest import DESKTOP, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "review-list": "/reviews/",
    "review-detail": "/reviews/k-drama-review-soundtrack-1-2022/",
    "show-list": "/shows/",
    "show-detail": "/shows/soundtrack-1/",
    "episode": "/shows/soundtrack-1/episodes/1/",
    "person-list": "/people/",
    "person-detail": "/people/park-hyung-sik/",
    "song-list": "/songs/",
    "song-detail": "/songs/love-beyond-words/",
    "tag": "/tags/romance/",
    "author": "/authors/oppa/",
    "search": "/search/?q=Hyungsik",
    "not-found": "/no-such-page/",
    "admin-login": "/admin/login/",
}
EXPECTED_STATUS = {"not-found": 404}
# The dark colour scheme has its own palette, so its contrast is scanned too.
VIEWS = [
    ("desktop", DESKTOP, "light"),
    ("phone", PHONE, "light"),
    ("desktop-dark", DESKTOP, "dark"),
    ("phone-dark", PHONE, "dark"),
]
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


# Every word of a cover set in type is on one line and inside its cover (docs/design.md).
CUT_COVER_WORDS = """() => [...document.querySelectorAll(
  '.cover__title > span, .cover__native > span')].filter(word => {
  const cover = word.closest('.cover').getBoundingClientRect();
  if (!cover.width || !word.getClientRects().length) return false;  // not shown at this size
  const box = word.getBoundingClientRect();
  return word.getClientRects().length !== 1 || box.left < cover.left - 0.5
    || box.right > cover.right + 0.5 || box.bottom > cover.bottom + 0.5;
}).map(word => `${word.textContent} in "${word.closest('.cover').textContent}"`)"""
# Images: each loaded, with its size given, WebP chosen where offered.
IMAGE_PROBLEMS = """() => [...document.images].flatMap(img => {
  const problems = [];
  if (!(img.complete && img.naturalWidth > 0)) problems.push('did not load');
  if (!img.getAttribute('width') || !img.getAttribute('height')) problems.push('no width/height');
  if (img.closest('picture') && !img.currentSrc.endsWith('.webp')) problems.push('not WebP');
  return problems.map(problem => `${img.currentSrc || img.src}: ${problem}`);
})"""


def scan(page, axe_source):
    page.evaluate(axe_source)
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING_IMPACTS]


# The phone in dark mode is screenshotted and scanned in make test-all and CI only,
# to keep make test short; the other three views run in both.
@pytest.mark.parametrize(
    "views",
    [
        pytest.param(VIEWS[:3], id="light-and-desktop-dark"),
        pytest.param(VIEWS[3:], id="phone-dark", marks=pytest.mark.full),
    ],
)
def test_every_page_type_is_screenshotted_and_has_no_serious_accessibility_violation(
    transactional_db, open_context, axe_source, views
):
    call_command("loaddata", "fixtures/catalog.json", "fixtures/writeups.json", verbosity=0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    watches = []
    for width, viewport, scheme in views:
        watch = open_context(viewport=viewport, color_scheme=scheme)
        watches.append(watch)
        page = watch.new_page()
        for name, path in PAGE_TYPES.items():
            response = page.goto(path)
            status = EXPECTED_STATUS.get(name, 200)
            if response.status != status:
                problems.append(f"{name}: {path} answered {response.status}, not {status}")
                continue
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
            problems += [
                f"{name} ({width}): cover cuts {cut}" for cut in page.evaluate(CUT_COVER_WORDS)
            ]
            for violation in scan(page, axe_source):
                problems.append(
                    f"{name} ({width}) {violation['impact']} {violation['id']}: "
                    f"{violation['help']} — {violation['targets']}"
                )

    assert problems == [], "\n".join(problems)
    for watch in watches:
        assert watch.foreign_requests == []
        assert watch.csp_violations == []
        assert watch.page_errors == []
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(views) * len(PAGE_TYPES)


# The launch content has no images (fixtures/README.md); these are plain generated
# ones, uploaded here only, to see and check the pages with images.
WITH_IMAGES = {
    name: PAGE_TYPES[name]
    for name in (
        "home",
        "review-list",
        "review-detail",
        "show-list",
        "show-detail",
        "person-detail",
        "search",
    )
}


@pytest.mark.full  # make test-all and CI: a minute of browser time
def test_pages_with_images_load_each_image_at_its_size_in_webp_and_pass_axe(
    transactional_db, open_context, axe_source
):
    call_command("loaddata", "fixtures/catalog.json", "fixtures/writeups.json", verbosity=0)
    attach_images(
        Show.objects.filter(slug="soundtrack-1"),
        Person.objects.filter(slug__in=["park-hyung-sik", "han-so-hee"]),
        WriteUp.objects.filter(slug="k-drama-review-soundtrack-1-2022"),
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width, viewport, scheme in VIEWS:
        watch = open_context(viewport=viewport, color_scheme=scheme)
        page = watch.new_page()
        for name, path in WITH_IMAGES.items():
            page.goto(path)
            # Bring every lazy image in, then wait for them all.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            page.wait_for_function("[...document.images].every(img => img.complete)")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}-images.png", full_page=True)
            problems += [
                f"{name} ({width}): {problem}" for problem in page.evaluate(IMAGE_PROBLEMS)
            ]
            for violation in scan(page, axe_source):
                problems.append(f"{name} ({width}) {violation['id']}: {violation['targets']}")
        images = page.evaluate("[...document.images].length")
        assert images, "the search page shows no image"
        assert watch.foreign_requests == []
        assert watch.csp_violations == []
        assert watch.page_errors == []
    assert problems == [], "\n".join(problems)

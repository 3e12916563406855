"""Versions of editorial content with django-reversion: the site-wide rules.

Each app registers its models in one module (``catalog/revisions.py``,
``reviews/revisions.py``), imported by its AppConfig and by its admin package
(the admin is loaded first, and reversion's ``VersionAdmin`` would otherwise
register the models itself, without our follows and exclusions). A version
of a parent row follows the rows that belong to it (a write-up's scores,
bylines and tag links; a show's titles, credits, episodes and songs), so one
revision is the whole object as an editor saw it, and restoring it puts back
every part. Shared rows (tags, authors, people) are never followed: restoring
one write-up must not rename a tag or rewrite a person on every other page.

Restoring a version saves the whole stored row: a field left out of versions
takes its model default, then the code that derives it runs again (the body's
HTML and the rating on a write-up's save, ``search_names`` on a catalog
save, all of which also run for loaddata's raw saves).
"""

from contextlib import contextmanager

import reversion

# Left out of every version, on every model. A column that must never go back
# to an old value when a version is restored (an optimistic-locking version
# number) belongs here; a name a model does not have is ignored.
NOT_VERSIONED = ("version",)


def excluding(*derived):
    """The ``exclude`` of one registration: NOT_VERSIONED and the model's derived fields."""
    return (*NOT_VERSIONED, *derived)


@contextmanager
def revision(user, comment):
    """One revision by ``user`` (None for a command) with a comment, around a block of saves.

    Use one per object: restoring a version restores every object of its
    revision, so a bulk action that shared one revision would later restore
    its neighbours too.
    """
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def store_before_deletion(user, objects, comment="Deleted “{obj}”."):
    """Store each object as it is (with its parts) in a revision of its own, before deletion.

    The newest version of a deleted row is then its last state, and "Recover
    deleted" brings back exactly that one row.
    """
    for obj in objects:
        with revision(user, comment.format(obj=obj)):
            reversion.add_to_revision(obj)

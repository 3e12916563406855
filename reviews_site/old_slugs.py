"""Old addresses keep working: every slug an object had leads to its page, for good.

Each kind of object with a public page is ``track``-ed by its app, with the
URL names of its pages. Then:

- **Recording.** Before any save of a tracked object that sets its slug
  (admin, shell, ``loaddata`` and reversion's raw saves alike; a save with
  ``update_fields`` that leave the slug out is skipped), ``SlugHistory``
  claims the new slug for it and points every slug it had before at the new
  one. The claim is written before the object's row, in the save's
  transaction (the admin and loaddata run in one; ``KeepsOldSlugs.save``
  opens one for our own models), so a slug another object of the kind ever
  had is refused with an IntegrityError and never taken silently, even by
  two saves that race: the unique constraint on (kind, slug) decides.
- **Refusing.** ``KeepsOldSlugs.validate_constraints`` says the same as a
  form error (admin forms and inlines call it), naming where the old
  address leads.
- **Redirecting.** ``OldSlugRedirectMiddleware`` turns a 404 of a tracked
  page into a 301 to the object's current address, when that address is one
  this reader may see. Chains need nothing more: every old slug points at
  the current one.

Deleting an object forgets its slugs, unless ``hand_over`` gave them to
another first (merged tags). Rows made without signals
(``bulk_create``: synthetic data) have no record until their first rename;
their current slug is still protected by the model's own unique constraint.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models.signals import post_delete, pre_save
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers


@dataclass
class Tracked:
    model: type
    routes: set = field(default_factory=set)
    # request -> queryset of the objects whose page this reader may open.
    visible: object = None


# Concrete model -> Tracked; URL name -> Tracked.
_tracked = {}
_routes = {}


def track(model, routes=(), visible=None):
    """Record ``model``'s slugs and redirect its old ones on the pages named ``routes``.

    ``visible(request)`` gives the objects this reader may see (all of them
    when not given), so an old address of a draft never reveals its new one.
    Called from the owning apps' ``ready()``; calling again adds routes.
    """
    tracked = _tracked.get(model)
    if tracked is None:
        tracked = _tracked[model] = Tracked(model)
        uid = f"old-slugs:{model._meta.label}"
        pre_save.connect(_claim_before_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_forget_after_delete, sender=model, dispatch_uid=uid)
    tracked.routes.update(routes)
    if visible is not None:
        tracked.visible = visible
    for route in routes:
        _routes[route] = tracked


def is_tracked(model):
    return model._meta.concrete_model in _tracked


def _history(model, using):
    from .models import SlugHistory

    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    return SlugHistory.objects.using(using).filter(content_type=content_type)


def holder_of(model, slug, *, using=None, exclude_pk=None):
    """The object of ``model`` that had or has ``slug`` (other than ``exclude_pk``), or None.

    A record whose object is gone (deleted without signals) holds nothing.
    """
    using = using or router.db_for_read(model)
    current = _history(model, using).filter(slug=slug).values_list("current_slug", flat=True)
    current = current.first()
    if current is None:
        return None
    return model._base_manager.using(using).filter(slug=current).exclude(pk=exclude_pk).first()


def current_slug(model, slug, *, using=None):
    """The slug of the object that once had ``slug``, when it has another one now."""
    using = using or router.db_for_read(model)
    return (
        _history(model, using)
        .filter(slug=slug)
        .exclude(current_slug=slug)
        .values_list("current_slug", flat=True)
        .first()
    )


def conflict_message(model, slug, pk):
    """Why ``slug`` cannot be given to the object ``pk`` (None when new), or None.

    Only old addresses are judged here; a slug another object has now is the
    model's unique constraint's to report.
    """
    holder = holder_of(model, slug, exclude_pk=pk)
    if holder is None or holder.slug == slug:
        return None
    return (
        f"“{slug}” is an old address of the {model._meta.verbose_name} “{holder}”, which is now "
        f"at “{holder.slug}”: links to the old address lead there for good. Choose another slug."
    )


def _claim_before_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    if update_fields is not None and "slug" not in update_fields:
        return
    claim(instance, using=using)


def claim(instance, *, using=None):
    """Record ``instance.slug`` as its own, before its row is written (see the module)."""
    model = instance._meta.concrete_model
    using = using or router.db_for_write(model, instance=instance)
    new = instance.slug
    old = None
    if instance.pk is not None:
        old = model._base_manager.using(using).filter(pk=instance.pk).values_list("slug", flat=True)
        old = old.first()
    if old == new:
        return  # unchanged: nothing to record, nobody to refuse
    taken = model._base_manager.using(using).filter(slug=new).exclude(pk=instance.pk).exists()
    holder = holder_of(model, new, using=using, exclude_pk=instance.pk)
    if taken or holder is not None:
        owner = holder or model._base_manager.using(using).get(slug=new)
        raise IntegrityError(
            f"{model._meta.label} slug {new!r} belongs to {owner!r} (now at {owner.slug!r})."
        )
    history = _history(model, using)
    with transaction.atomic(using=using):
        if old is not None:
            # Every address it had now leads to the new one (chains end at the current slug).
            history.filter(current_slug=old).update(current_slug=new)
            if not history.filter(slug=old).exists():
                history.create(content_type=_content_type(model, using), slug=old, current_slug=new)
        # Its own old slug (renaming back), or a record whose object is gone: taken over.
        if history.filter(slug=new).update(current_slug=new) == 0:
            history.create(content_type=_content_type(model, using), slug=new, current_slug=new)


def _content_type(model, using):
    return ContentType.objects.db_manager(using).get_for_model(model)


def hand_over(instance, heir, *, using=None):
    """Lead every address ``instance`` has or had to ``heir`` (merging): call before deleting it.

    Its slugs are then ``heir``'s old slugs: they redirect to it, follow its
    renames and are refused to any other object, as if ``heir`` had had them.
    """
    model = instance._meta.concrete_model
    using = using or router.db_for_write(model, instance=instance)
    history = _history(model, using)
    with transaction.atomic(using=using):
        history.filter(current_slug=instance.slug).update(current_slug=heir.slug)
        if not history.filter(slug=instance.slug).exists():
            history.create(
                content_type=_content_type(model, using), slug=instance.slug, current_slug=heir.slug
            )


def _forget_after_delete(sender, instance, using=None, **kwargs):
    _history(instance._meta.concrete_model, using).filter(current_slug=instance.slug).delete()


class KeepsOldSlugs:
    """For models with a tracked slug: saves in one transaction, old slugs refused in forms."""

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        errors = {}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.slug and "slug" not in (exclude or ()) and "slug" not in errors:
            message = conflict_message(type(self), self.slug, self.pk)
            if message:
                errors["slug"] = [ValidationError(message, code="old_slug")]
        if errors:
            raise ValidationError(errors)


def redirect_for(request):
    """A 301 from an old address of a tracked page to its current one, or None."""
    match = request.resolver_match
    if match is None or "slug" not in match.kwargs:
        return None
    tracked = _routes.get(match.view_name)
    if tracked is None:
        return None
    new = current_slug(tracked.model, match.kwargs["slug"])
    if new is None:
        return None
    objects = tracked.visible(request) if tracked.visible else tracked.model._default_manager
    if not objects.filter(slug=new).exists():
        return None
    location = reverse(match.view_name, kwargs={**match.kwargs, "slug": new})
    if request.META.get("QUERY_STRING"):
        location = f"{location}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(location)


class OldSlugRedirectMiddleware:
    """Answer a tracked page's old address with 301 to where the object is now.

    Only a 404 costs anything (one or two queries); found pages pass through.
    The redirect may be kept as long as a page (PAGE_CACHE_SECONDS), not
    forever, so that a slug renamed back to an earlier one never leaves a
    reader in a loop; only by the reader's browser when they have a session
    (an editor may be led to a draft readers must not learn of).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            redirect = redirect_for(request)
            if redirect is not None:
                private = settings.SESSION_COOKIE_NAME in request.COOKIES
                audience = "private" if private else "public"
                patch_cache_control(
                    redirect, **{audience: True}, max_age=settings.PAGE_CACHE_SECONDS
                )
                patch_vary_headers(redirect, ["Cookie"])
                return redirect
        return response

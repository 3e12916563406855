"""Keep the search-index tables out of dumpdata and loaddata.

The index models (reviews.models.search) describe tables that each exist on
one database only and hold nothing that is not derived from write-ups.
Saying they are never migrated makes dumpdata and loaddata pass them by, so
a dump carries content only and loads anywhere.
"""

INDEX_MODELS = {"writeupfulltext", "writeupsearchvector"}


class SearchIndexRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "reviews" and model_name in INDEX_MODELS:
            return False
        return None

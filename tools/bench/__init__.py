"""The benchmark behind ``manage.py benchmark``: every public page type, two data sizes.

- ``pages`` picks one address per page type from the database at hand and
  measures it in-process with Django's test client: SQL queries per request
  and the median render time, with the page cache off and on.
- ``load`` runs gunicorn (two sync workers) and wrk against it.
- ``databases`` builds one database per data size (the fixtures; the
  fixtures plus a synthetic data set) in its own SQLite file or PostgreSQL
  database.
- ``run`` puts them together and ``report`` writes the Markdown.

Every figure is also given as a ratio to two references measured in the
same run, a minimal Django view (``tools.bench_views``) and a static
file served by WhiteNoise, because the machine the numbers come from is
shared and noisy; ratios travel, absolute numbers do not.
"""

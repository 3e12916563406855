"""Site search: shows, people, characters, songs and write-ups from one box.

``query`` cleans what the reader typed, ``backends`` matches and ranks on
SQLite or PostgreSQL, ``results`` defines the five kinds of result, ``views``
the page and ``limits`` its time limit. ``index`` keeps the write-up index in
step (``manage.py rebuild_search_index`` rebuilds it).
"""

"""Developer tooling that is not the product: the benchmark and the synthetic data set.

Installed as a Django app only where DJANGO_DEV_TOOLS is on (the default with
debug on, and in the test settings), so production never loads it.
"""

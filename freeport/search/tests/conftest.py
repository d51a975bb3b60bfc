import pytest

from freeport.search import selectors


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """Each test sees the vocabulary and synonyms of its own database (this process's caches
    are forgotten; other processes have none here)."""
    selectors.forget(texts=True)
    yield
    selectors.forget(texts=True)

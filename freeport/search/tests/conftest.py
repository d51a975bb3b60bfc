import pytest

from freeport.search import selectors


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """Each test sees the vocabulary and synonyms of its own database."""
    selectors.invalidate()
    yield
    selectors.invalidate()

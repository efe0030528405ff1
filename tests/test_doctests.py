"""The examples in the package's docstrings run and print what they say (examples that would write files in the
working directory are marked `# doctest: +SKIP` where they stand)."""
import doctest
import importlib
import pkgutil

import pytest

import extractor

MODULES = sorted(m.name for m in pkgutil.walk_packages(extractor.__path__, "extractor."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"


def test_the_package_has_examples():
    attempted = sum(doctest.testmod(importlib.import_module(n), verbose=False, report=False).attempted
                    for n in MODULES)
    assert attempted >= 100, attempted

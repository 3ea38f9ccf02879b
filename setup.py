"""The compiled part of townreport: the scorer's ranking (corpus/search/ranker.pyx).

Everything else is in pyproject.toml. The extension is optional: where it cannot be built
(no C compiler), the package installs without it and the scorer runs its Python path, which
gives the same results (tests/test_ranker.py).
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # Cython is a build requirement; without it, the Python path
    extensions = []
else:
    extensions = cythonize(
        [
            Extension(
                "corpus.search.ranker",
                ["corpus/search/ranker.pyx"],
                # the same float sums as Python's: no fused multiply-add
                extra_compile_args=["-O2", "-ffp-contract=off"],
            )
        ],
        compiler_directives={"language_level": "3"},
    )
    for extension in extensions:  # optional: set here, as cythonize makes new Extensions
        extension.optional = True

setup(ext_modules=extensions)

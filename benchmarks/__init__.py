"""hedgekit's benchmark suites (run from the repository root): ``python -m benchmarks.accuracy``."""

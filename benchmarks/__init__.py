"""The studydeck benchmark suite: `make bench` or `python -m benchmarks`."""

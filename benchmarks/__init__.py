"""Speed and scale benchmarks: `make bench` runs them all, `python -m benchmarks.<topic>` one."""

"""The benchmark (`make bench`): a synthetic dataset on PostgreSQL and the timings taken on it."""

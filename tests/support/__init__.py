"""Helpers shared by the test tiers: the real local broker, worker processes, topic I/O."""

"""Faust wiring for depeche: app, topics, agents, views and the ``depeche`` CLI. Thin by design."""

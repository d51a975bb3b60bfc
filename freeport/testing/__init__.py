"""Test support shared by the apps' test suites (pytest plugins, no production code)."""

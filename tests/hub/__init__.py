"""Tests of a class on JupyterHub (minichain.hub): settings, configuration, a real hub on 127.0.0.1."""

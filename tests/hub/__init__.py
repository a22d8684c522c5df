"""Tests of a class on JupyterHub (minichain.hub): settings, config, a real hub on 127.0.0.1."""

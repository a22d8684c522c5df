"""A class on JupyterHub, on one machine: ``minichain course class`` (``make class``).

The pieces, each small (see course/instructor.md, "A class on JupyterHub"):

* :mod:`minichain.hub.layout`: the class folder, its settings and what every
  user's home holds (nbgrader's configuration, which extensions each role sees);
* :mod:`minichain.hub.config`: the JupyterHub configuration made from the settings;
* :mod:`minichain.hub.process`: start the hub, wait until it answers, stop it and
  everything it started;
* :mod:`minichain.hub.client`: the hub's REST API and the users' servers, over HTTP.

This is tooling: the teaching library never imports it.
"""

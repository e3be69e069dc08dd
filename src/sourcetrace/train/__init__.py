"""Training of the models sourcetrace ships (``sourcetrace train ...``)."""

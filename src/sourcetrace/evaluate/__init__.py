"""Evaluation of attribution extraction against annotated corpora (PolNeAR format).

``predict.py`` streams documents through the extractor (``sourcetrace predict attributions``),
``scoring.py`` computes the metrics of the reference scorer plus breakdowns, ``cli.py`` wires both
into ``sourcetrace eval attributions``.
"""

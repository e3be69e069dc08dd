"""Human-readable renderings of a ledger: a terminal report (``text``) and a self-contained page (``html``)."""

"""Every hand-made Chinese rule and word list of the core, with one loader for its data files."""

"""Reading reports: files to text, cleaning, structure, passages, metadata and typed facts."""

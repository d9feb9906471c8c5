"""Client questionnaires out, answers back in, and the terminal interview."""

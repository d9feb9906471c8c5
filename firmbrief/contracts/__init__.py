"""Terms of work: rendered documents, and the record of the project while it runs."""

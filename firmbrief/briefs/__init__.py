"""The brief: its schema, the firm-date rule, loading files safely, and readiness to start."""

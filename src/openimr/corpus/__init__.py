"""The corpus of published letters: batch ingest to Parquet and statistics over it."""

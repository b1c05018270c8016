"""Retrieval: BM25, vector and figure rankings fused into one passage list."""

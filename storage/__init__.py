"""Storage: index generations in Chroma, embeddings, and the figures store."""

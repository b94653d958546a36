"""Where the index lives: the store protocol, the in-memory index, row codecs, the local and Milvus
backends, and the feedback log."""

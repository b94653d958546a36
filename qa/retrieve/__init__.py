"""Finding passages: tokenizer, question understanding, follow-ups and the hybrid retriever."""

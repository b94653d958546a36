"""Answering: extraction of the answer sentence, the facts table and its questions, the service."""

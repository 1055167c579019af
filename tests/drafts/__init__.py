"""Drafts: what never reaches the public, and what staff may preview."""

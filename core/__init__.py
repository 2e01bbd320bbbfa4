"""Shared infrastructure: no models; imports neither ``blog`` nor ``comments``."""

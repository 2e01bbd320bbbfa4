"""Shared infrastructure of the site: no models, and no imports from ``blog`` or ``comments``.

Client IP, rate limits, the anonymous visitor, the page cache, middleware, the health check,
the form widget renderer, JSON-LD output and the linear-time pattern compiler. The content
(``blog``) and the discussion (``comments``) build on it; it knows neither.
"""

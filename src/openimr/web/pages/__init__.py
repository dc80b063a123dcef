"""The web pages, one module per topic; each adds its routes to the web router."""

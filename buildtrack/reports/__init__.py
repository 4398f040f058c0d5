"""Report builders (pure: portfolio in, ``Report`` out) and the renderer that formats reports."""

"""buildtrack: keep a portfolio of public health construction projects on time and on budget."""

__version__ = "0.1.0"

"""The screens of the buildtrack UI."""

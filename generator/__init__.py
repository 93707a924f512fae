"""newsgen: a static multilingual news site generator for agency wire copy."""

__version__ = "0.1.0"

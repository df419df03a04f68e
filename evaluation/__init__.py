"""Evaluation of evex output against gold annotations; reads only ``pipeline.models``."""

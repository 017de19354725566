"""Article text before the models: HTML extraction, normalization, cleaning, language, segmentation.

Pure Python with no torch, so the API can use it to check a submission (language, extraction) and the
workers to prepare the same text for translation.
"""

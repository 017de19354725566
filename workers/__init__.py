"""RQ jobs and the NLP pipeline: segmentation, translation, summarization, model loading."""

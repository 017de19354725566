"""Quality scores: reference-based metrics (one a file, behind ``base.Metric``) and model-free checks."""

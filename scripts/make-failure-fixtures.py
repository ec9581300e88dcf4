# Writes tl-e2e/src/test/resources/failures/not-keras.h5: a valid HDF5 file that is not a Keras weight file (one
# dataset at the root, no layer_names, no model_weights, no layers group), for FailuresE2ETests.
# Run from the checkout's root: /work/venv-tf/bin/python scripts/make-failure-fixtures.py (needs h5py and numpy).
import h5py
import numpy as np

with h5py.File("tl-e2e/src/test/resources/failures/not-keras.h5", "w") as f:
    f["measurements"] = np.arange(6, dtype=np.float32).reshape(2, 3)

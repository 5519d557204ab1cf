"""Models: pure functions of batched arrays, registered by name (see :mod:`.registry`)."""

"""The bottom layer: the batched arrays models read and the trajectory they return.

NumPy only. Everything above (models, analyses, the results layer, front ends) imports these;
nothing here imports any other part of detente.
"""

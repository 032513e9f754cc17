"""Geocoding: gazetteer, name folding, toponym detection, disambiguation."""

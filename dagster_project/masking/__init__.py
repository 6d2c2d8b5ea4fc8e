"""Masking: primary and secondary suppression of the indicator marts into the published ``pub_`` marts."""

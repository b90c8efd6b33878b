"""Record -> comparable values. Every function works on whole columns and computes each distinct
value once, because the same name or village repeats thousands of times in a province."""

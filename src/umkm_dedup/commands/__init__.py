"""The use cases behind cli.py's commands other than merge (that one is pipeline.py): validate (and its
checked copies and folder mode), explain, inspect, and the input checks merge and validate share."""

"""``python -m schemas``: regenerate the JSON Schema files from the records."""
from .jsonschema import write_all

for path in write_all():
    print(path)

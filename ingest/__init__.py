"""Reading the inputs: the input folder's CSV and Excel files, the configuration files."""

from ingest.errors import InputError
from ingest.files import RawInputs, RawTable, SourceFile, read_input_folder

__all__ = ["InputError", "RawInputs", "RawTable", "SourceFile", "read_input_folder"]

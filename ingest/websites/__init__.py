"""Website checks for criterion 7: fetching safely, parsing (never executing), probing."""

"""The history of every evaluation: runs, revisions, results, archived inputs, locks."""

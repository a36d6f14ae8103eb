"""The shared kernel: settings, errors and the records every stage passes on."""

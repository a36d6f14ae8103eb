"""Japanese text: normalisation, era years, dates and quantities, sentences, names and morphemes."""

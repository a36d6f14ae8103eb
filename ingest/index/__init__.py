"""The index on disk: generations, their files and records, the lexical and vector stores."""

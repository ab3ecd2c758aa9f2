"""Reading one file: headers, Markdown, sanitising, talk sections, names, dates."""

"""What the pages show, made from plain data and free of Flask's request: the dashboard's rows,
state, listing, chart and CSV; the forms parsed into values and errors by field; dates as a
wiki user reads them; the pages' wording of rules and refusals."""

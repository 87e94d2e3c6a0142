"""workbook package of Baulu."""

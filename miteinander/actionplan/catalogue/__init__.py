"""The measure catalogue: Excel and PDF export, and the import of measures with a preview."""

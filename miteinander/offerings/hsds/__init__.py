"""Open Referral HSDS 3.0: export, read-only API and import of a town's offerings."""

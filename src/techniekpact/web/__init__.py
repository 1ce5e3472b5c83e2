"""The public web site and the JSON API."""

"""The CBS StatLine connector: OData v4 tables turned into figures through a mapping per table.

`client` reads a table (its properties, dimensions, code lists and observations, page by page,
with retries); `mapping` checks the table against the bundled mapping file and turns the
selected observations into the tidy figures layout; `periods` reads CBS's period codes.
"""

CONNECTOR_VERSION = "1.0"
DEFAULT_API_ROOT = "https://odata4.cbs.nl/CBS"

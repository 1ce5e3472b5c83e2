"""The CBS StatLine connector: OData v4 tables turned into figures through a mapping per table.

`client` reads a table (its properties, dimensions, code lists and observations, page by page,
with retries); `mapping` loads the bundled mapping file of a table; `resolve` checks the table
against it and turns the selected observations into the tidy figures layout; `periods` reads
CBS's period codes; `connector` is what the registry finds (`CONNECTOR`).
"""

from techniekpact.sources.cbs.connector import CONNECTOR, CbsConnector

__all__ = ["CONNECTOR", "CbsConnector"]

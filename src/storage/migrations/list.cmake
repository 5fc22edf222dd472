# Numbered migrations, applied in this order on SQLite and PostgreSQL alike.
# Each context appends its files here; never renumber or edit a released migration.
set(LINLI_MIGRATIONS
  0001_divisions_grids.sql
  0002_accounts.sql
)

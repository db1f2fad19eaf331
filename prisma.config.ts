// Prisma CLI configuration: the JavaScript schema engine with a driver adapter, because the native engines
// cannot be downloaded on our machines. The CLI is only used to generate clients and to diff migrations;
// the server applies migration SQL itself (server/src/db/migrate.ts), on SQLite and PostgreSQL alike.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/generated/sqlite/schema.prisma',
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url: 'file:./data/prisma-cli.db' }),
});

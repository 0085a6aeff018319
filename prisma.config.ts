// Used by the Prisma CLI. `generate` needs no database; the url is only read by
// `prisma migrate deploy` wherever the schema-engine binary is available.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});

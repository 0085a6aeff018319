export {
  closeDatabase,
  configuredTarget,
  connectDatabase,
  type DatabaseConnection,
  type DatabaseKind,
  type DatabaseTarget,
  databaseKind,
  databasePool,
  db,
  describeTarget,
  pingDatabase,
} from "./client.ts";
export { DatabaseError } from "./errors.ts";
export type { PrismaClient } from "./generated/client.ts";

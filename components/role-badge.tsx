import type { Role } from "@/lib/auth/permissions";
import { Badge } from "./badge";

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone="neutral">{role}</Badge>;
}

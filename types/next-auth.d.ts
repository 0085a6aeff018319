import type { Role } from "@/lib/auth/permissions";

declare module "next-auth" {
  interface Session {
    user: { name?: string | null; role: Role; tokenId: number | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    tokenId?: number | null;
  }
}

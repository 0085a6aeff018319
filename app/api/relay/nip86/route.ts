import { handleNip86, NIP86_CORS_HEADERS } from "@/lib/relay/nip86/handle-nip86";

/** NIP-86 relay management (JSON-RPC over HTTP, NIP-98 auth). Also served at NIP86_PATH. */
export const POST = (request: Request) => handleNip86(request);

/** CORS preflight for browser-based NIP-86 clients. */
export const OPTIONS = () => new Response(null, { status: 204, headers: NIP86_CORS_HEADERS });

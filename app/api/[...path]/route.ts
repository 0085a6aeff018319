import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** Unknown API paths answer JSON like every other API error, not an HTML page. */
const notFound = route({ auth: "public" }, ({ request }) => {
  throw new AppError("not_found", `No API endpoint at ${new URL(request.url).pathname.slice(0, 200)}`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

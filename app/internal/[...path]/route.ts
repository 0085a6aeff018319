export { GET, POST, PUT, PATCH, DELETE } from "@/app/api/[...path]/route";

import { apiRoute } from '@/lib/server/auth/api-route';
import { openApiDocument } from '@/lib/schemas/openapi';

// GET /api/v1/openapi.json - the API's OpenAPI 3.1 document, generated from the validation schemas
export const GET = apiRoute('read-only', () => Promise.resolve(openApiDocument()));

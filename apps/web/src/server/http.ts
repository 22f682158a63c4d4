/** Responses and body parsing shared by the route handlers. */

export function unauthorized(): Response {
  return Response.json({ error: 'Unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
}

/** The request's JSON body, or the 400 to answer when it is not JSON. */
export async function readJsonBody(req: Request): Promise<{ body: unknown } | { response: Response }> {
  try {
    return { body: await req.json() };
  } catch {
    return { response: Response.json({ error: 'The body is not JSON' }, { status: 400 }) };
  }
}

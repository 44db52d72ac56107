import { routeId } from '$lib/route-id.ts';

/** A non-numeric id is a page that does not exist (the +error page), never a request to the API. */
export const load = ({ params }: { params: { id?: string } }) => ({ id: routeId(params.id) });

// A client-only SPA: the platform serves index.html for every route, the browser renders it.
export const ssr = false;
export const prerender = false;

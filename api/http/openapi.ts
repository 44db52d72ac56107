import { extendZodWithOpenApi, OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

/** Holds every route's schemas; the OpenAPI document is generated from the same schemas that validate requests. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.registerComponent('securitySchemes', 'device', {
    type: 'http',
    scheme: 'bearer',
    description: 'Device token returned by POST /api/v1/registration',
  });
  return registry;
}

export function generateOpenApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'MyBeacon API',
      version: '1',
      description: 'Every failure answers `{ "error": { "code", "message", "details" } }` with an HTTP status.',
    },
    servers: [{ url: '/api/v1' }],
  });
}

/** A self-contained docs page that renders the OpenAPI document without external assets. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MyBeacon API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#1f2937}
h1{margin-bottom:0}.op{border:1px solid #d1d5db;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}
.m{display:inline-block;min-width:4.5rem;font-weight:600;text-transform:uppercase}.get{color:#0369a1}.post{color:#15803d}
.patch,.put{color:#b45309}.delete{color:#b91c1c}code{font-size:13px}details pre{background:#f3f4f6;padding:.5rem;overflow:auto}</style>
</head><body><h1>MyBeacon API</h1><p>Machine-readable: <a href="openapi.json">openapi.json</a></p><div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('ops'); root.textContent='';
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
    const d=document.createElement('details'); d.className='op';
    const s=document.createElement('summary');
    s.innerHTML='<span class="m '+method+'"></span><code></code> — <span></span>';
    s.children[0].textContent=method; s.children[1].textContent='/api/v1'+path; s.children[2].textContent=op.summary||'';
    const pre=document.createElement('pre'); pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
    d.append(s,pre); root.append(d);
  }
});
</script></body></html>`;
